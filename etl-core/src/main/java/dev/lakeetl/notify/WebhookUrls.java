package dev.lakeetl.notify;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks a Slack webhook URL, wherever it was configured; reasons never repeat the URL. */
final class WebhookUrls {
  private WebhookUrls() {}

  /**
   * The webhook as a URI.
   *
   * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL; the message
   *     is the reason only, since the URL is the credential
   */
  static URI parse(String url) {
    URI webhook;
    try {
      webhook = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
    if (webhook.getHost() == null
        || !("https".equals(webhook.getScheme()) || "http".equals(webhook.getScheme()))) {
      throw new IllegalArgumentException("expected an https:// URL");
    }
    return webhook;
  }
}
