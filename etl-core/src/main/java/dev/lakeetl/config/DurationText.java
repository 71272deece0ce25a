package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration writes them: a whole number and a unit, {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d}, with or without a space and with the units spelt out as
 * Spark's streaming settings do ({@code 100 seconds}, {@code 2 minutes}). ISO-8601 ({@code PT36H},
 * {@code P2D}) is read too, because quality rules have always accepted it.
 */
public final class DurationText {
  /** What a valid duration looks like, for error messages. */
  public static final String EXPECTED = "a duration like 30s, 5m or 2h";

  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|seconds?|sec|m|min|minutes?|h|hours?|d|days?)");

  private DurationText() {}

  /** The duration {@code text} writes, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    requireNonNull(text, "text is null");
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      return iso(trimmed);
    }
    Matcher matcher = DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String unit = matcher.group(2);
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return Optional.of(Duration.ofMillis(amount));
    }
    if (unit.startsWith("s")) {
      return Optional.of(Duration.ofSeconds(amount));
    }
    if (unit.startsWith("m")) {
      return Optional.of(Duration.ofMinutes(amount));
    }
    if (unit.startsWith("h")) {
      return Optional.of(Duration.ofHours(amount));
    }
    return Optional.of(Duration.ofDays(amount));
  }

  private static Optional<Duration> iso(String text) {
    try {
      Duration duration = Duration.parse(text);
      return duration.isNegative() ? Optional.empty() : Optional.of(duration);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code duration} in the largest unit that writes it exactly: {@code 4m}, {@code 90s}. */
  public static String format(Duration duration) {
    requireNonNull(duration, "duration is null");
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % Duration.ofDays(1).toMillis() == 0) {
      return duration.toDays() + "d";
    }
    if (millis % Duration.ofHours(1).toMillis() == 0) {
      return duration.toHours() + "h";
    }
    if (millis % Duration.ofMinutes(1).toMillis() == 0) {
      return duration.toMinutes() + "m";
    }
    if (millis % 1000 == 0) {
      return duration.toSeconds() + "s";
    }
    return millis + "ms";
  }
}
