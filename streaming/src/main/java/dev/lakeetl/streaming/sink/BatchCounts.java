package dev.lakeetl.streaming.sink;

/**
 * Records written by the one-pass sink: refined rows and quarantined records.
 *
 * @param refined rows written to the refined table
 * @param quarantined records written to the quarantine
 */
public record BatchCounts(long refined, long quarantined) {
  public static final BatchCounts ZERO = new BatchCounts(0, 0);

  public BatchCounts {
    if (refined < 0 || quarantined < 0) {
      throw new IllegalArgumentException(
          "Cannot count records: negative count " + refined + " / " + quarantined);
    }
  }

  /** Every source record lands in exactly one of the two outputs. */
  public long read() {
    return refined + quarantined;
  }

  public BatchCounts plus(BatchCounts other) {
    return new BatchCounts(refined + other.refined, quarantined + other.quarantined);
  }
}
