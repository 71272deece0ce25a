package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A share of a whole, from 0 to 1, as configured: a fraction ({@code 0.1}) or a percentage ({@code
 * 10%}). Kept as a decimal so that {@code 10%} of 1,000 records is exactly 100.
 *
 * @param value the share, 0 to 1 (kept without trailing zeros)
 */
public record Ratio(BigDecimal value) {
  /** How a limit that does not apply is written. */
  public static final String OFF = "off";

  private static final String EXPECTED =
      "a share from 0 to 1 such as 0.1, a percentage such as 10%, or " + OFF;

  public Ratio {
    requireNonNull(value, "value is null");
    if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("Cannot use ratio " + value + ": expected 0 to 1");
    }
    // One spelling per value: 10% and 0.1 are the same ratio.
    value = value.stripTrailingZeros();
  }

  /**
   * Parses {@code 0.1} or {@code 10%}.
   *
   * @param key the configuration key, named in the error
   * @throws IllegalArgumentException naming the key and the text when it is not a share from 0 to 1
   */
  public static Ratio parse(String key, String text) {
    requireNonNull(key, "key is null");
    requireNonNull(text, "text is null");
    String trimmed = text.trim();
    try {
      BigDecimal value =
          trimmed.endsWith("%")
              ? new BigDecimal(trimmed.substring(0, trimmed.length() - 1).trim()).movePointLeft(2)
              : new BigDecimal(trimmed);
      if (value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0) {
        return new Ratio(value);
      }
    } catch (NumberFormatException e) {
      // Reported below with the key.
    }
    throw new IllegalArgumentException(
        "Cannot use " + key + " '" + text + "': expected " + EXPECTED);
  }

  /**
   * Parses a limit that may be turned {@value #OFF}: empty when it is.
   *
   * @throws IllegalArgumentException naming the key, as {@link #parse}
   */
  public static Optional<Ratio> parseLimit(String key, String text) {
    requireNonNull(text, "text is null");
    if (text.trim().equalsIgnoreCase(OFF)) {
      return Optional.empty();
    }
    return Optional.of(parse(key, text));
  }

  /** Whether {@code text} is what {@link #parseLimit} accepts, for a configuration key's check. */
  public static boolean isLimit(String text) {
    try {
      parseLimit("value", text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** What a configuration key's check expects, for its error message. */
  public static String expectedLimit() {
    return EXPECTED;
  }

  /**
   * Whether {@code part} of {@code whole} is a larger share than this; never for an empty whole.
   */
  public boolean isExceededBy(long part, long whole) {
    if (part < 0 || whole < 0) {
      throw new IllegalArgumentException("Cannot compare " + part + " of " + whole + ": negative");
    }
    return whole > 0
        && BigDecimal.valueOf(part).compareTo(value.multiply(BigDecimal.valueOf(whole))) > 0;
  }

  /** {@code part} of {@code whole} as a percentage with one decimal, e.g. {@code 54.0%}. */
  public static String percent(long part, long whole) {
    if (whole == 0) {
      return "0.0%";
    }
    return BigDecimal.valueOf(part)
            .multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }

  /** As a percentage, without trailing zeros: {@code 10%}, {@code 2.5%}. */
  @Override
  public String toString() {
    return value.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }
}
