package dev.lakeetl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import dev.lakeetl.report.ReportStatus;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.LogLines;
import dev.lakeetl.testing.SecretsManagerServer;
import dev.lakeetl.testing.SlackWebhookServer;
import dev.lakeetl.testing.SystemProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook read from AWS Secrets Manager: the real SDK client calls a local server that answers
 * GetSecretValue as the API does, and the summary goes to a local Slack stand-in at the URL the
 * secret holds.
 */
class SlackWebhookSecretTest {
  /** The streaming job's statuses that are not failures, as the streaming module spells them. */
  private enum Streaming implements ReportStatus {
    RUNNING,
    STOPPED;

    @Override
    public boolean failed() {
      return false;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "lakeetl-dev/slack-webhook";

  private SecretsManagerServer secretsManager;
  private SlackWebhookServer slack;
  private SystemProperties aws;
  private LogLines log;

  @BeforeEach
  void start() {
    secretsManager = SecretsManagerServer.start();
    slack = SlackWebhookServer.start();
    // The default region is us-east-1: an ARN in another region must win over it.
    aws = SystemProperties.awsSecretsManager(secretsManager, "us-east-1");
    log = LogLines.of(SlackNotifier.class);
  }

  @AfterEach
  void stop() {
    log.close();
    aws.close();
    slack.close();
    secretsManager.close();
  }

  @Test
  void postsToTheWebhookTheSecretHolds() throws IOException {
    secretsManager.addSecret("us-east-1", SECRET, slack.url());

    boolean posted =
        notifier(SECRET).notify("run-1", "flights-raw-to-refined", RunStatus.FAILED, "x");

    assertThat(posted).isTrue();
    assertThat(secretsManager.requests()).hasSize(1);
    SecretsManagerServer.Request request = secretsManager.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.header("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(JSON.readTree(request.body()))
        .isEqualTo(JSON.readTree("{\"SecretId\": \"lakeetl-dev/slack-webhook\"}"));
    assertThat(request.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDLAKEETLTEST/")
        .contains("/us-east-1/secretsmanager/aws4_request")
        .containsPattern("SignedHeaders=[^,]*x-amz-target")
        .containsPattern("Signature=[0-9a-f]{64}");
    assertThat(request.header("X-Amz-Date")).isNotNull();
    assertThat(slack.posts()).hasSize(1);
    assertThat(JSON.readTree(slack.posts().get(0)).get("text").asText())
        .startsWith(":x: *flights-raw-to-refined* FAILED\n");
    assertThat(String.join("\n", log.lines())).doesNotContain(slack.url());
  }

  @Test
  void anArnIsReadInItsOwnRegion() throws IOException {
    String arn = secretsManager.addSecret("eu-west-3", SECRET, slack.url());

    assertThat(notifier(arn).notify("run-1", "flights-streaming", Streaming.STOPPED, "x")).isTrue();

    SecretsManagerServer.Request request = secretsManager.requests().get(0);
    assertThat(JSON.readTree(request.body()).get("SecretId").asText()).isEqualTo(arn);
    assertThat(request.header("Authorization")).contains("/eu-west-3/secretsmanager/aws4_request");
    assertThat(slack.posts()).hasSize(1);
  }

  @Test
  void theSecretIsReadOncePerRun() {
    secretsManager.addSecret("us-east-1", SECRET, slack.url());
    SlackNotifier notifier = notifier(SECRET);

    notifier.notify("run-1", "flights-streaming", Streaming.RUNNING, "first");
    notifier.notify("run-1", "flights-streaming", Streaming.STOPPED, "second");

    assertThat(secretsManager.requests()).hasSize(1);
    assertThat(slack.posts()).hasSize(2);
  }

  @Test
  void aMissingSecretIsOneWarningAndNoPost() {
    boolean posted =
        notifier(SECRET).notify("run-1", "flights-raw-to-refined", RunStatus.FAILED, "x");

    assertThat(posted).isFalse();
    assertThat(secretsManager.requests()).hasSize(1);
    assertThat(slack.posts()).isEmpty();
    assertThat(log.lines())
        .singleElement()
        .asString()
        .startsWith(
            "WARN Cannot post run run-1 to Slack: cannot read notify.slack.webhook-secret"
                + " lakeetl-dev/slack-webhook: ResourceNotFoundException: Secrets Manager can't"
                + " find the specified secret.");
  }

  @Test
  void aSecretThatIsNoWebhookUrlIsNeverLogged() {
    secretsManager.addSecret("us-east-1", SECRET, "{\"url\": \"not-a-webhook-token\"}");

    assertThat(notifier(SECRET).notify("run-1", "job", RunStatus.FAILED, "x")).isFalse();

    assertThat(log.lines())
        .singleElement()
        .asString()
        .startsWith(
            "WARN Cannot post run run-1 to Slack: cannot read notify.slack.webhook-secret"
                + " lakeetl-dev/slack-webhook: its SecretString is not a webhook URL")
        .doesNotContain("not-a-webhook-token");
  }

  @Test
  void aSecretsManagerThatDoesNotAnswerDoesNotHoldTheRun() {
    secretsManager.addSecret("us-east-1", SECRET, slack.url());
    secretsManager.holdResponses();
    long started = System.nanoTime();

    boolean posted =
        new SlackNotifier(
                config(Map.of("notify.slack.webhook-secret", SECRET, "notify.slack.timeout", "1s")))
            .notify("run-1", "job", RunStatus.FAILED, "x");

    assertThat(posted).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(log.lines())
        .singleElement()
        .asString()
        .startsWith(
            "WARN Cannot post run run-1 to Slack: cannot read notify.slack.webhook-secret"
                + " lakeetl-dev/slack-webhook: ");
  }

  @Test
  void bothWebhookKeysAreAConfigurationError() {
    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "notify.slack.webhook-url",
                        "https://hooks.example/secret-token",
                        "notify.slack.webhook-secret",
                        SECRET)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot enable notify.slack.enabled: notify.slack.webhook-url and"
                + " notify.slack.webhook-secret are both set; set only one");
  }

  @Test
  void neitherWebhookKeyIsAConfigurationError() {
    assertThatThrownBy(() -> config(Map.of("notify.slack.webhook-secret", " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot enable notify.slack.enabled: neither notify.slack.webhook-url nor"
                + " notify.slack.webhook-secret is set");
  }

  @Test
  void aMalformedArnIsAConfigurationError() {
    assertThatThrownBy(
            () -> config(Map.of("notify.slack.webhook-secret", "arn:aws:s3:::bucket/slack")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot use notify.slack.webhook-secret 'arn:aws:s3:::bucket/slack': not the ARN of a"
                + " Secrets Manager secret"
                + " (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)");
  }

  @Test
  void theSecretIsOnlyReadWhenARunIsPosted() {
    secretsManager.addSecret("us-east-1", SECRET, slack.url());
    SlackNotifier failuresOnly =
        new SlackNotifier(
            config(
                Map.of("notify.slack.webhook-secret", SECRET, "notify.slack.on-success", "false")));

    assertThat(failuresOnly.notify("run-1", "job", RunStatus.SUCCEEDED, "x")).isFalse();
    assertThat(
            new SlackNotifier(SlackConfig.DISABLED).notify("run-1", "job", RunStatus.FAILED, "x"))
        .isFalse();

    assertThat(secretsManager.requests()).isEmpty();
  }

  @Test
  void disabledNotificationsIgnoreTheSecret() {
    Settings settings =
        Settings.of(
            NotifyKeys.SCHEMA,
            Map.of("notify.slack.enabled", "false", "notify.slack.webhook-secret", SECRET));

    assertThat(SlackConfig.from(settings).enabled()).isFalse();
  }

  private SlackNotifier notifier(String secretId) {
    return new SlackNotifier(config(Map.of("notify.slack.webhook-secret", secretId)));
  }

  /** Notifications on with a 5 s timeout, {@code values} on top. */
  private static SlackConfig config(Map<String, String> values) {
    Map<String, String> settings = new HashMap<>();
    settings.put("notify.slack.enabled", "true");
    settings.put("notify.slack.timeout", "5s");
    settings.putAll(values);
    return SlackConfig.from(Settings.of(NotifyKeys.SCHEMA, settings));
  }
}
