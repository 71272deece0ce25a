package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

/** Thrown when a run's row counts do not add up: some rows were lost or counted twice. */
public final class ReconciliationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RunCounts counts;

  public ReconciliationException(RunCounts counts) {
    super(message(requireNonNull(counts, "counts is null")));
    this.counts = counts;
  }

  /** The counts that did not reconcile. */
  public RunCounts counts() {
    return counts;
  }

  private static String message(RunCounts counts) {
    return String.format(
        java.util.Locale.ROOT,
        "Cannot reconcile row counts: read %d != written %d + quarantined %d + duplicates removed"
            + " %d (difference %d rows)",
        counts.read(),
        counts.written(),
        counts.quarantined(),
        counts.duplicatesRemoved(),
        counts.difference());
  }
}
