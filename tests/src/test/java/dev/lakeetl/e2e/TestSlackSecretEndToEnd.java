package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jars carry what reading the Slack webhook from AWS Secrets Manager needs: the AWS
 * SDK v2 Secrets Manager client over the JDK's HTTP client, wrapped by etl-core's retrying client.
 */
class TestSlackSecretEndToEnd {
  @Test
  void everyJobJarCarriesTheSecretsManagerClient() throws IOException {
    List<Path> jars =
        List.of(
            Repository.requireRawToRefinedJar(),
            Repository.requireRefinedToCuratedJar(),
            Repository.requireStreamingJar());
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (String entry :
            List.of(
                "dev/lakeetl/aws/RetryableIoHttpClient.class",
                "software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class")) {
          assertThat(file.getEntry(entry)).as(entry + " in " + jar).isNotNull();
        }
        // The JDK's HTTP client only: no Netty or Apache HttpClient comes along.
        assertThat(file.getEntry("software/amazon/awssdk/http/apache/ApacheHttpClient.class"))
            .as("Apache HTTP client in " + jar)
            .isNull();
      }
    }
  }
}
