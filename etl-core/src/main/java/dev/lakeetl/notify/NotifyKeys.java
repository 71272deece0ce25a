package dev.lakeetl.notify;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import java.time.Duration;

/** The {@code notify.*} keys: where and when a job posts its run report summary. */
public final class NotifyKeys {
  private NotifyKeys() {}

  public static final ConfigKey<Boolean> SLACK_ENABLED =
      ConfigKey.bool("notify.slack.enabled")
          .withDefault(false)
          .description("Post the run report summary to a Slack incoming webhook after each run");
  public static final ConfigKey<String> SLACK_WEBHOOK_URL =
      ConfigKey.string("notify.slack.webhook-url")
          .secret()
          .description(
              "Slack incoming webhook URL, e.g. ${SLACK_WEBHOOK_URL} from the environment");
  // Not secret(): the value only names the secret, and a failed read logs it. The key's name
  // still has it printed as **** with the rest of the configuration.
  public static final ConfigKey<String> SLACK_WEBHOOK_SECRET =
      ConfigKey.string("notify.slack.webhook-secret")
          .description(
              "AWS Secrets Manager secret (name or ARN) whose SecretString is the webhook URL, read"
                  + " when a run posts; set this or webhook-url");
  public static final ConfigKey<Boolean> SLACK_ON_SUCCESS =
      ConfigKey.bool("notify.slack.on-success")
          .withDefault(true)
          .description("Also post successful and empty runs; false: failed runs only");
  public static final ConfigKey<Duration> SLACK_TIMEOUT =
      ConfigKey.duration("notify.slack.timeout")
          .withDefault(Duration.ofSeconds(10))
          .formerly("notify.slack.timeout-seconds", "s")
          .positive()
          .description(
              "Connect and response timeout of the post and of the secret read; a slow Slack or"
                  + " Secrets Manager never holds a run");

  /** Every notification key; jobs add it to their schema. */
  public static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          SLACK_ENABLED, SLACK_WEBHOOK_URL, SLACK_WEBHOOK_SECRET, SLACK_ON_SUCCESS, SLACK_TIMEOUT);
}
