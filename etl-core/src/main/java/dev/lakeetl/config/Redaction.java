package dev.lakeetl.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Decides which keys hold secrets and removes their values from printable text. */
final class Redaction {
  static final String MASK = "****";

  /** Shorter secrets are not scrubbed from free text: they would mask ordinary words. */
  private static final int MIN_SCRUB_LENGTH = 4;

  private static final List<String> SECRET_WORDS =
      List.of("password", "secret", "token", "credential");

  private Redaction() {}

  /** Last segments that name a credential without one of the secret words. */
  private static final List<String> CREDENTIAL_SUFFIXES =
      List.of("access-key", "accesskey", "api-key", "apikey", "private-key", "privatekey");

  /**
   * Whether a key name holds a secret: its last segment contains password, secret, token or
   * credential, is just {@code key} (Hadoop's {@code fs.s3a.access.key}), or ends with an access,
   * API or private key. Free-form map sub-keys such as {@code
   * spark.conf.spark.hadoop.fs.s3a.secret.key} are covered too. Column lists such as {@code
   * transform.dedupe-key} are not secrets and stay readable.
   */
  static boolean isSecretName(String keyName) {
    String lastSegment =
        keyName.substring(keyName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace('_', '-');
    if (lastSegment.equals("key")) {
      return true;
    }
    for (String suffix : CREDENTIAL_SUFFIXES) {
      if (lastSegment.endsWith(suffix)) {
        return true;
      }
    }
    for (String word : SECRET_WORDS) {
      if (lastSegment.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Replaces every occurrence of every secret value in {@code text} with {@link #MASK}. */
  static String scrub(String text, Collection<String> secretValues) {
    // Longest first, so a secret containing another secret is masked whole.
    List<String> ordered =
        secretValues.stream()
            .filter(value -> value.length() >= MIN_SCRUB_LENGTH)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .collect(Collectors.toList());
    String scrubbed = text;
    for (String secret : ordered) {
      scrubbed = scrubbed.replace(secret, MASK);
    }
    return scrubbed;
  }
}
