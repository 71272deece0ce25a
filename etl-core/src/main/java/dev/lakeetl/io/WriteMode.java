package dev.lakeetl.io;

/** What a write does to data already at the target. */
public enum WriteMode {
  /** Replace exactly the partitions this run writes; leave every other partition alone. */
  OVERWRITE_PARTITIONS,
  /** Add files next to what is there. */
  APPEND
}
