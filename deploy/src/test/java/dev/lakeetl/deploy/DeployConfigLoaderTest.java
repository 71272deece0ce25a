package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployConfigLoaderTest {
  private static final Path DEPLOY = Cli.repositoryRoot().resolve("deploy");

  @Test
  void environmentOverridesSharedDefaults() {
    DeployConfig prod = DeployConfigLoader.load(DEPLOY, "prod");

    assertThat(prod.environment()).isEqualTo("prod");
    assertThat(prod.region()).contains("eu-west-1");
    assertThat(prod.artifactsBucket()).isEqualTo("example-prod-artifacts");
    assertThat(prod.artifactsPrefix()).isEqualTo("lakeetl");
    assertThat(prod.glue().jobPrefix()).isEqualTo("lakeetl-prod-");
    assertThat(prod.streamingRuntime()).isEqualTo(DeployKeys.StreamingRuntime.GLUE);
    assertThat(prod.emr().sparkConf()).containsEntry("spark.executor.memory", "6g");
    assertThat(prod.emr().maxAttempts()).isEqualTo(1);
    assertThat(prod.emr().streamingMaxFailedAttemptsPerHour()).isEqualTo(5);
    assertThat(prod.tags()).isEqualTo(Map.of("project", "lakeetl", "environment", "prod"));
  }

  @Test
  void everyEnvironmentLoads() {
    for (String environment : new String[] {"dev", "qa", "staging", "prod"}) {
      assertThat(DeployConfigLoader.load(DEPLOY, environment).emr().applicationName())
          .isEqualTo("lakeetl-" + environment);
    }
  }

  @Test
  void missingEnvironmentFileIsNamed() {
    assertThatThrownBy(() -> DeployConfigLoader.load(DEPLOY, "perf"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot load deployment settings of 'perf'")
        .hasMessageContaining("perf.yaml does not exist");
  }

  @Test
  void everyProblemIsReportedWithItsKey(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Files.writeString(
        folder.resolve("env/test.yaml"),
        "artifacts:\n  bucket: b\nglue:\n  job-prefx: p-\nemr:\n  max-attempts: 0\n"
            + "streaming:\n  runtime: spark\n");

    assertThatThrownBy(() -> DeployConfigLoader.load(folder, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("glue.job-prefx")
        .hasMessageContaining("did you mean 'glue.job-prefix'")
        .hasMessageContaining("emr.max-attempts")
        .hasMessageContaining("between 1 and 10")
        .hasMessageContaining("streaming.runtime")
        .hasMessageContaining("glue.job-prefix: missing required key")
        .hasMessageContaining("emr.execution-role-arn: missing required key");
  }

  @Test
  void settingsTerraformOwnsAreRefusedWithWhereTheyLive(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Files.writeString(
        folder.resolve("env/test.yaml"),
        "artifacts.bucket: b\nglue:\n  job-prefix: p-\n  number-of-workers: 4\n"
            + "  default-arguments:\n    enable-auto-scaling: 'true'\n"
            + "emr:\n  application-name: a\n  execution-role-arn: e\n  log-uri: s3://l/\n"
            + "  release-label: emr-7.6.0\n");

    assertThatThrownBy(() -> DeployConfigLoader.load(folder, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("glue.number-of-workers")
        .hasMessageContaining("Terraform owns glue_number_of_workers")
        .hasMessageContaining("glue.default-arguments.enable-auto-scaling")
        .hasMessageContaining("emr.release-label")
        .hasMessageContaining("the EMR Serverless application (release_label)");
  }

  @Test
  void aKeyGivenTwiceIsNamedWithItsFile(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Path overlay = folder.resolve("env/test.yaml");
    Files.writeString(overlay, "glue.job-prefix: p-\nglue:\n  job-prefix: q-\n");

    assertThatThrownBy(() -> DeployConfigLoader.load(folder, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("glue.job-prefix (from " + overlay + "): key is given twice");
  }

  @Test
  void nullRemovesASharedDefault(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Files.writeString(folder.resolve("deploy.yaml"), "aws:\n  region: eu-west-1\n");
    Files.writeString(
        folder.resolve("env/test.yaml"),
        "artifacts.bucket: b\naws:\n  region: ~\nglue:\n  job-prefix: p-\n"
            + "emr:\n  application-name: a\n  execution-role-arn: e\n  log-uri: s3://l/\n");

    DeployConfig config = DeployConfigLoader.load(folder, "test");

    assertThat(config.region()).isEmpty();
  }
}
