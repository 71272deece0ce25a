package dev.lakeetl.report;

/**
 * Row counts of one run. Every row read must end up in exactly one of the other three buckets.
 *
 * @param read rows read from the input, including malformed ones
 * @param written rows written to the target
 * @param quarantined rows written to quarantine with a reason
 * @param duplicatesRemoved rows dropped because another row had the same dedupe key
 */
public record RunCounts(long read, long written, long quarantined, long duplicatesRemoved) {
  public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0);

  public RunCounts {
    requireNotNegative("read", read);
    requireNotNegative("written", written);
    requireNotNegative("quarantined", quarantined);
    requireNotNegative("duplicatesRemoved", duplicatesRemoved);
  }

  /** {@code read - (written + quarantined + duplicatesRemoved)}; zero when the counts add up. */
  public long difference() {
    return read - (written + quarantined + duplicatesRemoved);
  }

  /**
   * Checks that {@code read == written + quarantined + duplicatesRemoved}.
   *
   * @return these counts, for chaining
   * @throws ReconciliationException naming all four numbers and the difference otherwise
   */
  public RunCounts reconcile() {
    if (difference() != 0) {
      throw new ReconciliationException(this);
    }
    return this;
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "Cannot create run counts: " + name + " is negative: " + value);
    }
  }
}
