package dev.lakeetl.incremental;

/** Which input a batch run processes. */
public enum IncrementalMode {
  /** Everything under the source path. */
  FULL,
  /** Exactly the days given by the run date: their raw folders or refined partitions. */
  RUN_DATE,
  /** Only input files or partitions that no earlier successful run processed. */
  BOOKMARK
}
