package dev.lakeetl.config;

/**
 * The {@code catalog.schema-change} setting: what registration does when the written schema differs
 * from the registered table's.
 */
public enum SchemaChangePolicy {
  /**
   * New columns are added to the table (older partitions read them as null); an incompatible change
   * (a type change, a dropped column, other partition columns) fails the run.
   */
  ADD_COLUMNS,
  /**
   * Any change is applied: new columns are added, an incompatible change replaces the table
   * definition (the data is not touched).
   */
  ALLOW_INCOMPATIBLE,
  /** Any change fails the run, new columns too. */
  FAIL
}
