package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Puts the artifacts of one version into the artifacts bucket. */
public final class ArtifactUploader {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactUploader.class);

  private final S3Client client;
  private final String bucket;

  public ArtifactUploader(S3Client client, String bucket) {
    this.client = requireNonNull(client, "client is null");
    this.bucket = requireNonNull(bucket, "bucket is null");
  }

  /** The PutObject request of one artifact (also what {@code --dry-run} prints). */
  public static PutObjectRequest request(String bucket, Artifact artifact) {
    return PutObjectRequest.builder()
        .bucket(bucket)
        .key(artifact.key())
        .contentType(contentType(artifact.key()))
        .serverSideEncryption("AES256")
        .build();
  }

  /** Uploads every artifact; the first failure stops the upload and names the object. */
  public void upload(List<Artifact> artifacts) {
    requireNonNull(artifacts, "artifacts is null");
    long bytes = 0;
    for (Artifact artifact : artifacts) {
      PutObjectRequest request = request(bucket, artifact);
      RequestBody body =
          artifact.file().isPresent()
              ? RequestBody.fromFile(artifact.file().get())
              : RequestBody.fromString(artifact.content().get(), StandardCharsets.UTF_8);
      try {
        client.putObject(request, body);
      } catch (SdkException e) {
        throw new DeployException(
            "Cannot upload "
                + artifact.source()
                + " to s3://"
                + bucket
                + "/"
                + artifact.key()
                + ": "
                + e.getMessage(),
            e);
      }
      bytes += body.optionalContentLength().orElse(0L);
      LOG.info("Uploaded s3://{}/{}", bucket, artifact.key());
    }
    LOG.info("Uploaded {} artifacts ({} bytes) to s3://{}", artifacts.size(), bytes, bucket);
  }

  private static String contentType(String key) {
    if (key.endsWith(".jar")) {
      return "application/java-archive";
    }
    if (key.endsWith(".yaml") || key.endsWith(".yml")) {
      return "application/yaml";
    }
    return "text/plain; charset=utf-8";
  }
}
