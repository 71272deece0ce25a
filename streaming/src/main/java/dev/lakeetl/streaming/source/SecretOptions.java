package dev.lakeetl.streaming.source;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks the values of pass-through source options that hold credentials: a SASL JAAS config carries
 * the password inline ({@code kafka.sasl.jaas.config}), SSL options carry key store passwords.
 */
public final class SecretOptions {
  static final String MASK = "****";
  private static final List<String> SECRET_WORDS =
      List.of("jaas", "password", "secret", "token", "credential");
  private static final List<String> SECRET_SUFFIXES =
      List.of(".key", "access-key", "accesskey", "api-key", "apikey", "private-key");

  private SecretOptions() {}

  /** Whether an option (or config key) of this name holds a credential. */
  public static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains)
        || SECRET_SUFFIXES.stream().anyMatch(lower::endsWith);
  }

  /** The options sorted by name, credential values replaced by {@code ****}: safe to log. */
  public static String describe(Map<String, String> options) {
    Map<String, String> shown = new TreeMap<>();
    options.forEach((name, value) -> shown.put(name, isSecret(name) ? MASK : value));
    return shown.toString();
  }

  /**
   * A {@code key = value (origin)} line of the job's configuration with the value masked when the
   * key names a credential. The core redaction masks keys by their last segment; pass-through
   * options such as {@code source.kafka.options.kafka.sasl.jaas.config} end in {@code config}.
   */
  public static String maskSettingLine(String line) {
    int equals = line.indexOf(" = ");
    if (equals < 0 || !isSecret(line.substring(0, equals))) {
      return line;
    }
    int origin = line.lastIndexOf("  (");
    String suffix = origin > equals ? line.substring(origin) : "";
    return line.substring(0, equals) + " = " + MASK + suffix;
  }
}
