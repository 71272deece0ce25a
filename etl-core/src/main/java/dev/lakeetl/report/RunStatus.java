package dev.lakeetl.report;

/** Outcome of one job run. */
public enum RunStatus {
  /** Input was read and every row was written, quarantined or removed as a duplicate. */
  SUCCEEDED,
  /** No input files were found: nothing was read or written. */
  EMPTY,
  /** The run stopped with an error; see {@link RunReport#error()}. */
  FAILED
}
