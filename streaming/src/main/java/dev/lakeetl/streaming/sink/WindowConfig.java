package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Windowed aggregation of the refined stream (window.*).
 *
 * @param path where the aggregates go
 * @param duration window size
 * @param slide slide of sliding windows; empty for tumbling windows
 * @param allowedLateness watermark delay
 * @param groupBy columns aggregated separately within a window
 * @param aggregates Spark SQL aggregate expressions, each named with AS
 */
public record WindowConfig(
    String path,
    Duration duration,
    Optional<Duration> slide,
    Duration allowedLateness,
    List<String> groupBy,
    List<String> aggregates) {
  public WindowConfig {
    requireNonNull(path, "path is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(slide, "slide is null");
    requireNonNull(allowedLateness, "allowedLateness is null");
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy is null"));
    aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
    if (duration.toMillis() <= 0) {
      throw new IllegalArgumentException(
          "Cannot aggregate windows: window.duration '"
              + DurationText.format(duration)
              + "' is not positive");
    }
    if (slide.isPresent() && (slide.get().toMillis() <= 0 || slide.get().compareTo(duration) > 0)) {
      throw new IllegalArgumentException(
          "Cannot aggregate windows: window.slide '"
              + DurationText.format(slide.get())
              + "' must be positive and at most window.duration '"
              + DurationText.format(duration)
              + "'");
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
}
