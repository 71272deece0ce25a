package dev.lakeetl.streaming.sink;

import java.util.List;
import java.util.Map;

/**
 * What one or more batches of the one-pass sink wrote.
 *
 * @param refined rows written to the refined table
 * @param quarantined records written to the quarantine
 * @param windowRows window rows written
 * @param lateRows refined rows older than the windows' watermark when they arrived: published to
 *     the refined table, counted in no window
 */
public record BatchCounts(long refined, long quarantined, long windowRows, long lateRows) {
  public static final BatchCounts ZERO = new BatchCounts(0, 0, 0, 0);

  public BatchCounts {
    if (refined < 0 || quarantined < 0 || windowRows < 0 || lateRows < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot count records: negative count in refined %d, quarantined %d, window rows %d,"
                  + " late rows %d",
              refined, quarantined, windowRows, lateRows));
    }
  }

  /** The counts of batches without windows. */
  public BatchCounts(long refined, long quarantined) {
    this(refined, quarantined, 0, 0);
  }

  /** Every source record lands in exactly one of the two outputs. */
  public long read() {
    return refined + quarantined;
  }

  public BatchCounts plus(BatchCounts other) {
    return new BatchCounts(
        refined + other.refined,
        quarantined + other.quarantined,
        windowRows + other.windowRows,
        lateRows + other.lateRows);
  }

  /** These counts with the window counts of the same batches. */
  public BatchCounts withWindows(long windowRows, long lateRows) {
    return new BatchCounts(refined, quarantined, windowRows, lateRows);
  }

  /** The counts as the batch log stores them: one {@code <prefix><name>=<count>} line each. */
  List<String> lines(String prefix) {
    return List.of(
        prefix + "refined=" + refined,
        prefix + "quarantined=" + quarantined,
        prefix + "windows=" + windowRows,
        prefix + "late=" + lateRows);
  }

  /**
   * The counts of {@link #lines}, from the values of a batch log file; a count the file does not
   * hold is 0 (window counts in files that predate them).
   */
  static BatchCounts from(Map<String, Long> values, String prefix) {
    return new BatchCounts(
        values.getOrDefault(prefix + "refined", 0L),
        values.getOrDefault(prefix + "quarantined", 0L),
        values.getOrDefault(prefix + "windows", 0L),
        values.getOrDefault(prefix + "late", 0L));
  }
}
