package dev.lakeetl.notify;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.aws.SecretIds;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Slack notification settings ({@link NotifyKeys}). When notifications are on, exactly one of
 * {@code webhook} and {@code webhookSecret} is set.
 *
 * @param webhook the incoming webhook as configured
 * @param webhookSecret the Secrets Manager secret (name or ARN) whose SecretString is the webhook
 * @param onSuccess whether successful and empty runs are posted too (failures always are)
 * @param timeout connect and response timeout of one post, and bound of the secret read
 */
public record SlackConfig(
    Optional<URI> webhook, Optional<String> webhookSecret, boolean onSuccess, Duration timeout) {
  /** Notifications off. */
  public static final SlackConfig DISABLED =
      new SlackConfig(Optional.empty(), Optional.empty(), false, Duration.ofSeconds(10));

  public SlackConfig {
    requireNonNull(webhook, "webhook is null");
    requireNonNull(webhookSecret, "webhookSecret is null");
    requireNonNull(timeout, "timeout is null");
    if (webhook.isPresent() && webhookSecret.isPresent()) {
      throw new IllegalArgumentException("Cannot take both a webhook and a webhook secret");
    }
  }

  /**
   * Reads the settings.
   *
   * @throws ConfigException when enabled with neither or both of the webhook URL and secret, with a
   *     URL that is not http(s), or with a malformed secret ARN
   */
  public static SlackConfig from(Settings settings) {
    requireNonNull(settings, "settings is null");
    if (!settings.get(NotifyKeys.SLACK_ENABLED)) {
      return DISABLED;
    }
    // Blank counts as unset, so a spec can write ${var:-} for environments that set neither.
    Optional<String> url = nonBlank(settings.find(NotifyKeys.SLACK_WEBHOOK_URL));
    Optional<String> secret = nonBlank(settings.find(NotifyKeys.SLACK_WEBHOOK_SECRET));
    // Exactly one of the webhook and its secret.
    if (url.isPresent() == secret.isPresent()) {
      String urlKey = NotifyKeys.SLACK_WEBHOOK_URL.name();
      String secretKey = NotifyKeys.SLACK_WEBHOOK_SECRET.name();
      throw new ConfigException(
          "Cannot enable "
              + NotifyKeys.SLACK_ENABLED.name()
              + ": "
              + (url.isEmpty()
                  ? "neither " + urlKey + " nor " + secretKey + " is set"
                  : urlKey + " and " + secretKey + " are both set; set only one"));
    }
    Optional<URI> webhook = Optional.empty();
    if (url.isPresent()) {
      try {
        webhook = Optional.of(WebhookUrls.parse(url.get()));
      } catch (IllegalArgumentException e) {
        // The URL is a secret: name the key, never the value.
        throw new ConfigException(
            "Cannot use " + NotifyKeys.SLACK_WEBHOOK_URL.name() + ": " + e.getMessage());
      }
    }
    if (secret.isPresent()) {
      try {
        SecretIds.region(secret.get());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "Cannot use "
                + NotifyKeys.SLACK_WEBHOOK_SECRET.name()
                + " '"
                + secret.get()
                + "': "
                + e.getMessage());
      }
    }
    return new SlackConfig(
        webhook,
        secret,
        settings.get(NotifyKeys.SLACK_ON_SUCCESS),
        settings.get(NotifyKeys.SLACK_TIMEOUT));
  }

  /** Whether runs are posted at all. */
  public boolean enabled() {
    return webhook.isPresent() || webhookSecret.isPresent();
  }

  private static Optional<String> nonBlank(Optional<String> value) {
    return value.map(String::trim).filter(text -> !text.isEmpty());
  }

  @Override
  public String toString() {
    // Never print the webhook: it is the credential. The secret id only names it.
    String source = webhookSecret.map(id -> ", webhook from secret " + id).orElse("");
    return "SlackConfig["
        + (enabled() ? "enabled" : "disabled")
        + source
        + ", onSuccess="
        + onSuccess
        + "]";
  }
}
