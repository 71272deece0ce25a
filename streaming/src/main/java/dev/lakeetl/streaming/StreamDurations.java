package dev.lakeetl.streaming;

import dev.lakeetl.config.DurationText;
import java.time.Duration;

/**
 * Durations in streaming settings, parsed as every setting's ({@link DurationText}: {@code 100s},
 * {@code 2 minutes}), and written the way Spark's window, watermark and trigger settings take them.
 */
public final class StreamDurations {
  private StreamDurations() {}

  /**
   * Parses {@code <number> <unit>}, units milliseconds, seconds, minutes, hours or days.
   *
   * @param key the config key, named in the error
   * @throws IllegalArgumentException naming the key and the text when it is not a duration
   */
  public static Duration parse(String key, String text) {
    return DurationText.parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot use "
                        + key
                        + " '"
                        + text
                        + "': expected a duration like 100 seconds or 2 minutes"));
  }

  /** Whether {@link #parse} accepts the text. */
  public static boolean isDuration(String text) {
    return DurationText.parse(text).isPresent();
  }

  /** The duration in the form Spark's window, watermark and trigger settings accept. */
  public static String spark(Duration duration) {
    return duration.toMillis() + " milliseconds";
  }
}
