package dev.lakeetl.report;

/** Outcome of one job run. */
public enum RunStatus implements ReportStatus {
  /** Input was read and every row was written, quarantined or removed as a duplicate. */
  SUCCEEDED,
  /** No input files were found: nothing was read or written. */
  EMPTY,
  /** The run stopped with an error; see {@link RunReport#error()}. */
  FAILED;

  @Override
  public boolean failed() {
    return this == FAILED;
  }
}
