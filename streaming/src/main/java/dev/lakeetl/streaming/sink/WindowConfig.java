package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.streaming.StreamDurations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Windowed aggregation of the refined stream (window.*).
 *
 * @param path where the aggregates go
 * @param duration window size, e.g. {@code 100 seconds}
 * @param slide slide of sliding windows; empty for tumbling windows
 * @param allowedLateness watermark delay
 * @param groupBy columns aggregated separately within a window
 * @param aggregates Spark SQL aggregate expressions, each named with AS
 */
public record WindowConfig(
    String path,
    String duration,
    Optional<String> slide,
    String allowedLateness,
    List<String> groupBy,
    List<String> aggregates) {
  public WindowConfig {
    requireNonNull(path, "path is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(slide, "slide is null");
    requireNonNull(allowedLateness, "allowedLateness is null");
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy is null"));
    aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
    long durationMillis = StreamDurations.parse("window.duration", duration).toMillis();
    if (durationMillis <= 0) {
      throw new IllegalArgumentException(
          "Cannot aggregate windows: window.duration '" + duration + "' is not positive");
    }
    StreamDurations.parse("window.allowed-lateness", allowedLateness);
    if (slide.isPresent()) {
      long slideMillis = StreamDurations.parse("window.slide", slide.get()).toMillis();
      if (slideMillis <= 0 || slideMillis > durationMillis) {
        throw new IllegalArgumentException(
            "Cannot aggregate windows: window.slide '"
                + slide.get()
                + "' must be positive and at most window.duration '"
                + duration
                + "'");
      }
    }
    if (aggregates.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot aggregate windows: window.aggregates is empty; e.g. count(*) AS records");
    }
  }

  /** The same windows written to {@code resolved} (the path as this runtime reads it). */
  public WindowConfig withPath(String resolved) {
    return new WindowConfig(resolved, duration, slide, allowedLateness, groupBy, aggregates);
  }

  /** {@link #duration} as a {@link Duration}. */
  public Duration length() {
    return StreamDurations.parse("window.duration", duration);
  }

  /** {@link #allowedLateness} as a {@link Duration}. */
  public Duration lateness() {
    return StreamDurations.parse("window.allowed-lateness", allowedLateness);
  }
}
