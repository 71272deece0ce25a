package dev.lakeetl.streaming;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Spark writes them in streaming settings: {@code 100 seconds}, {@code 2 minutes}. */
public final class StreamDurations {
  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|seconds?|sec|m|min|minutes?|h|hours?|d|days?)");

  private StreamDurations() {}

  /**
   * Parses {@code <number> <unit>}, units milliseconds, seconds, minutes, hours or days.
   *
   * @param key the config key, named in the error
   * @throws IllegalArgumentException naming the key and the text when it is not a duration
   */
  public static Duration parse(String key, String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Cannot use "
              + key
              + " '"
              + text
              + "': expected a duration like 100 seconds or 2 minutes");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2);
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return Duration.of(amount, ChronoUnit.MILLIS);
    }
    if (unit.startsWith("s")) {
      return Duration.ofSeconds(amount);
    }
    if (unit.startsWith("m")) {
      return Duration.ofMinutes(amount);
    }
    if (unit.startsWith("h")) {
      return Duration.ofHours(amount);
    }
    return Duration.ofDays(amount);
  }

  /** Whether {@link #parse} accepts the text. */
  public static boolean isDuration(String text) {
    return DURATION.matcher(text.trim().toLowerCase(Locale.ROOT)).matches();
  }

  /** The duration in the form Spark's window, watermark and trigger settings accept. */
  public static String spark(Duration duration) {
    return duration.toMillis() + " milliseconds";
  }
}
