package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.S3Proxy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code upload} against a real S3 API (s3proxy): every artifact lands under its version. */
class ArtifactUploadTest {
  private static final String BUCKET = "example-dev-artifacts";

  @Test
  void uploadsJarsConfigsAndGlueScriptsUnderTheVersion(@TempDir Path folder) throws Exception {
    Path repository = fakeRepository(folder.resolve("repo"));
    Files.createDirectories(folder.resolve("s3proxy"));
    try (S3Proxy proxy = s3proxy(folder.resolve("s3proxy"));
        S3Client s3 = clients(proxy).s3()) {
      s3.createBucket(request -> request.bucket(BUCKET));

      Cli.Result result = upload(repository, proxy);

      assertThat(result.exitCode()).isZero();
      assertThat(result.output())
          .contains("Uploaded 10 artifacts to s3://example-dev-artifacts/lakeetl/v1/");
      List<String> keys =
          s3.listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream()
              .map(S3Object::key)
              .sorted()
              .toList();
      assertThat(keys)
          .containsExactly(
              "lakeetl/v1/conf/env/dev.yaml",
              "lakeetl/v1/conf/flights-raw-to-refined.yaml",
              "lakeetl/v1/conf/flights-refined-to-curated.yaml",
              "lakeetl/v1/conf/flights-streaming.yaml",
              "lakeetl/v1/glue/raw-to-refined.scala",
              "lakeetl/v1/glue/refined-to-curated.scala",
              "lakeetl/v1/glue/streaming.scala",
              "lakeetl/v1/jars/raw-to-refined.jar",
              "lakeetl/v1/jars/refined-to-curated.jar",
              "lakeetl/v1/jars/streaming.jar");
      assertThat(text(s3, "lakeetl/v1/jars/raw-to-refined.jar")).isEqualTo("jar of raw-to-refined");
      assertThat(text(s3, "lakeetl/v1/conf/env/dev.yaml")).isEqualTo("runtime: auto\n");
      assertThat(text(s3, "lakeetl/v1/glue/streaming.scala"))
          .contains("object LakeetlGlueEntry")
          .contains("dev.lakeetl.streaming.StreamingJob.execute(sysArgs: _*)");
    }
  }

  @Test
  void missingJarStopsBeforeUploadingAnything(@TempDir Path folder) throws IOException {
    Path repository = fakeRepository(folder.resolve("repo"));
    Files.delete(repository.resolve("streaming/target/streaming-1.0-streaming.jar"));

    Cli.Result result =
        Cli.run(
            "upload",
            "--env",
            "dev",
            "--repo",
            repository.toString(),
            "--deploy-config",
            Cli.repositoryRoot().resolve("deploy").toString(),
            "--endpoint",
            "http://127.0.0.1:9");

    assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
    assertThat(result.output()).isEmpty();
  }

  @Test
  void packageListsWhatGoesWhere(@TempDir Path folder) throws IOException {
    Path repository = fakeRepository(folder.resolve("repo"));

    Cli.Result result =
        Cli.run(
            "package",
            "--env",
            "dev",
            "--job",
            "raw-to-refined",
            "--repo",
            repository.toString(),
            "--deploy-config",
            Cli.repositoryRoot().resolve("deploy").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.output())
        .contains(
            "s3://example-dev-artifacts/lakeetl/v1/jars/raw-to-refined.jar  <-  "
                + repository.resolve("jobs/target/jobs-1.0-raw-to-refined.jar"))
        .contains(
            "s3://example-dev-artifacts/lakeetl/v1/glue/raw-to-refined.scala  <-  (generated)")
        .doesNotContain("streaming.jar");
  }

  private static Cli.Result upload(Path repository, S3Proxy proxy) {
    return Cli.run(
        "upload",
        "--env",
        "dev",
        "--repo",
        repository.toString(),
        "--deploy-config",
        Cli.repositoryRoot().resolve("deploy").toString(),
        "--region",
        "us-east-1",
        "--endpoint",
        proxy.endpoint());
  }

  /** s3proxy accepting the credentials of {@link Cli#CREDENTIALS}, logging into {@code folder}. */
  private static S3Proxy s3proxy(Path folder) throws IOException {
    return S3Proxy.start(
        folder,
        Cli.CREDENTIALS.resolveCredentials().accessKeyId(),
        Cli.CREDENTIALS.resolveCredentials().secretAccessKey(),
        folder.resolve("s3proxy.log"));
  }

  private static AwsClients clients(S3Proxy proxy) {
    return new AwsClients(
        Optional.of("us-east-1"), Optional.of(URI.create(proxy.endpoint())), Cli.CREDENTIALS);
  }

  private static String text(S3Client s3, String key) {
    ResponseBytes<GetObjectResponse> bytes =
        s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(key));
    return bytes.asString(StandardCharsets.UTF_8);
  }

  /** A repository as the build leaves it: shaded jars in target/, configs in conf/. */
  private static Path fakeRepository(Path root) throws IOException {
    write(root.resolve("jobs/target/jobs-1.0-raw-to-refined.jar"), "jar of raw-to-refined");
    write(root.resolve("jobs/target/jobs-1.0-refined-to-curated.jar"), "jar of refined-to-curated");
    write(root.resolve("jobs/target/jobs-1.0.jar"), "plain jar, not uploaded");
    write(root.resolve("streaming/target/streaming-1.0-streaming.jar"), "jar of streaming");
    write(root.resolve("conf/flights-raw-to-refined.yaml"), "job:\n  name: a\n");
    write(root.resolve("conf/flights-refined-to-curated.yaml"), "job:\n  name: b\n");
    write(root.resolve("conf/flights-streaming.yaml"), "job:\n  name: c\n");
    write(root.resolve("conf/env/dev.yaml"), "runtime: auto\n");
    return root;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
