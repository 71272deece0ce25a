package dev.lakeetl.notify;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.aws.SecretReader;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook one notifier posts to: the configured URL, or the SecretString of the configured
 * secret. The secret is read at the first post, not at start-up: a run that posts nothing makes no
 * AWS call, a slow Secrets Manager cannot delay the run's work, and a long streaming run picks up a
 * rotated webhook. The outcome, success or failure, is kept for the rest of the run, so the secret
 * is read once per run.
 */
final class WebhookSource {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSource.class);

  private final SlackConfig config;
  private URI webhook;
  private String problem;

  WebhookSource(SlackConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /**
   * The webhook.
   *
   * @throws UnavailableException when the secret cannot be read or holds no webhook URL; the
   *     message names the key, the secret and the reason, never the webhook
   */
  synchronized URI webhook() {
    if (config.webhook().isPresent()) {
      return config.webhook().get();
    }
    String secretId =
        config
            .webhookSecret()
            .orElseThrow(() -> new IllegalStateException("Cannot post: notifications are off"));
    if (webhook == null && problem == null) {
      read(secretId);
    }
    if (problem != null) {
      throw new UnavailableException(problem);
    }
    return webhook;
  }

  private void read(String secretId) {
    String secretString;
    try {
      secretString = SecretReader.secretString(secretId, config.timeout());
    } catch (RuntimeException | LinkageError e) {
      // LinkageError too: a runtime whose own AWS SDK shadows ours must not end the run either.
      // SDK messages hold the secret id and the service's reason, never the SecretString.
      problem = cannotRead(secretId, e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    try {
      webhook = WebhookUrls.parse(secretString);
      LOG.info("Slack webhook read from secret {}", secretId);
    } catch (IllegalArgumentException e) {
      problem =
          cannotRead(secretId, "its SecretString is not a webhook URL (" + e.getMessage() + ")");
    }
  }

  private static String cannotRead(String secretId, String reason) {
    return "cannot read " + NotifyKeys.SLACK_WEBHOOK_SECRET.name() + " " + secretId + ": " + reason;
  }

  /** The webhook cannot be had this run. */
  static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }
}
