package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.testing.SecretsManagerServer;
import dev.lakeetl.testing.SlackWebhookServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack webhook read from AWS Secrets Manager by the shaded jars themselves: the AWS SDK v2
 * they bundle calls a local server answering GetSecretValue (found through the SDK's own {@code
 * AWS_ENDPOINT_URL_SECRETS_MANAGER}), and the run summary goes to a local Slack stand-in at the URL
 * the secret holds. bin/etl-submit's Spark classpath has no SDK v2, so only the jar's copy can make
 * the call.
 */
class SlackSecretEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "lakeetl-local/slack-webhook";

  @TempDir Path output;

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
                "dev/lakeetl/aws/SecretReader.class",
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

  @Test
  void theRunSummaryGoesToTheWebhookInTheSecret() throws IOException {
    Repository.requireRawToRefinedJar();
    try (SecretsManagerServer secretsManager = SecretsManagerServer.start();
        SlackWebhookServer slack = SlackWebhookServer.start()) {
      secretsManager.addSecret("eu-west-1", SECRET, slack.url());

      EtlSubmit.Result result =
          EtlSubmit.run(
              "raw-to-refined-slack-secret",
              Map.of(
                  "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString(),
                  "AWS_REGION", "eu-west-1",
                  "AWS_ACCESS_KEY_ID", "AKIDLAKEETLTEST",
                  "AWS_SECRET_ACCESS_KEY", "lakeetl-test-secret-access-key",
                  // Nothing may look for an instance role: it would leave this machine.
                  "AWS_EC2_METADATA_DISABLED", "true"),
              EtlSubmit.sampleRawToRefined(
                  output,
                  "--notify.slack.enabled",
                  "true",
                  "--notify.slack.webhook-secret",
                  SECRET));

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(secretsManager.requests())
          .as(result.describe())
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.header("X-Amz-Target"))
                    .isEqualTo(SecretsManagerServer.GET_SECRET_VALUE);
                assertThat(JSON.readTree(request.body()))
                    .isEqualTo(JSON.createObjectNode().put("SecretId", SECRET));
                assertThat(request.header("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDLAKEETLTEST/")
                    .contains("/eu-west-1/secretsmanager/aws4_request");
              });
      assertThat(slack.posts()).as(result.describe()).hasSize(1);
      assertThat(JSON.readTree(slack.posts().get(0)).get("text").asText())
          .startsWith(":white_check_mark: *flights-raw-to-refined* SUCCEEDED\n")
          .contains("written 10,000");
      assertThat(result.log())
          .contains("Slack webhook read from secret " + SECRET)
          .doesNotContain(slack.url());
    }
  }
}
