package dev.lakeetl.notify;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Slack notification settings ({@link NotifyKeys}).
 *
 * @param webhook the incoming webhook; empty when notifications are off
 * @param onSuccess whether successful and empty runs are posted too (failures always are)
 * @param timeout connect and response timeout of one post
 */
public record SlackConfig(Optional<URI> webhook, boolean onSuccess, Duration timeout) {
  /** Notifications off. */
  public static final SlackConfig DISABLED =
      new SlackConfig(Optional.empty(), false, Duration.ofSeconds(10));

  public SlackConfig {
    requireNonNull(webhook, "webhook is null");
    requireNonNull(timeout, "timeout is null");
  }

  /**
   * Reads the settings.
   *
   * @throws ConfigException when enabled without a webhook URL, or with one that is not http(s)
   */
  public static SlackConfig from(Settings settings) {
    requireNonNull(settings, "settings is null");
    if (!settings.get(NotifyKeys.SLACK_ENABLED)) {
      return DISABLED;
    }
    String url = settings.find(NotifyKeys.SLACK_WEBHOOK_URL).orElse("").trim();
    if (url.isEmpty()) {
      throw new ConfigException(
          "Cannot enable "
              + NotifyKeys.SLACK_ENABLED.name()
              + ": "
              + NotifyKeys.SLACK_WEBHOOK_URL.name()
              + " is not set");
    }
    URI webhook;
    try {
      webhook = new URI(url);
    } catch (URISyntaxException e) {
      // The URL is a secret: name the key, never the value.
      throw new ConfigException(
          "Cannot use " + NotifyKeys.SLACK_WEBHOOK_URL.name() + ": not a valid URL");
    }
    if (webhook.getHost() == null
        || !("https".equals(webhook.getScheme()) || "http".equals(webhook.getScheme()))) {
      throw new ConfigException(
          "Cannot use " + NotifyKeys.SLACK_WEBHOOK_URL.name() + ": expected an https:// URL");
    }
    return new SlackConfig(
        Optional.of(webhook),
        settings.get(NotifyKeys.SLACK_ON_SUCCESS),
        Duration.ofSeconds(settings.get(NotifyKeys.SLACK_TIMEOUT_SECONDS)));
  }

  public boolean enabled() {
    return webhook.isPresent();
  }

  @Override
  public String toString() {
    // Never print the webhook: it is the credential.
    return "SlackConfig[" + (enabled() ? "enabled" : "disabled") + ", onSuccess=" + onSuccess + "]";
  }
}
