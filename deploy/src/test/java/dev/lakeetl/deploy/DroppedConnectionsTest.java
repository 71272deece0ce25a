package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.DroppingServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A connection the server drops after reading the request (what a stale keep-alive connection looks
 * like to the client) is retried on a new one; when every attempt is dropped, the upload fails with
 * a message naming the object instead of an exception escaping the command.
 */
class DroppedConnectionsTest {
  private static final Artifact CONFIG = Artifact.ofText("lakeetl/v1/conf/env/dev.yaml", "a: 1\n");

  @Test
  void aDroppedConnectionIsRetriedOnANewOne() {
    try (DroppingServer server = DroppingServer.dropping(1);
        S3Client s3 = s3(server)) {
      new ArtifactUploader(s3, "artifacts").upload(List.of(CONFIG));

      assertThat(server.requests()).isEqualTo(2);
    }
  }

  @Test
  void uploadNamesTheObjectWhenEveryAttemptIsDropped() {
    try (DroppingServer server = DroppingServer.dropping(Integer.MAX_VALUE);
        S3Client s3 = s3(server)) {
      ArtifactUploader uploader = new ArtifactUploader(s3, "artifacts");

      assertThatThrownBy(() -> uploader.upload(List.of(CONFIG)))
          .isInstanceOf(DeployException.class)
          .hasMessageStartingWith(
              "Cannot upload (generated) to s3://artifacts/lakeetl/v1/conf/env/dev.yaml: ")
          .hasMessageContaining("Unexpected end of file from server");
      assertThat(server.requests()).as("the SDK's attempts").isGreaterThan(1);
    }
  }

  private static S3Client s3(DroppingServer server) {
    return new AwsClients(Optional.of("us-east-1"), Optional.of(server.endpoint()), Cli.CREDENTIALS)
        .s3();
  }
}
