package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What a write produced.
 *
 * @param rowsWritten rows written
 * @param partitions partition folders written, relative to the target, sorted, e.g. {@code
 *     year=2001/month=01/day=15}; empty for an unpartitioned target
 * @param duration wall time of the write
 */
public record WriteResult(long rowsWritten, List<String> partitions, Duration duration) {
  public WriteResult {
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    requireNonNull(duration, "duration is null");
    if (rowsWritten < 0) {
      throw new IllegalArgumentException("rowsWritten is negative: " + rowsWritten);
    }
  }
}
