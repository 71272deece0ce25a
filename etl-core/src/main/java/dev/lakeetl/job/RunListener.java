package dev.lakeetl.job;

import dev.lakeetl.report.RunReport;

/**
 * Hooks into a run's lifecycle. The first two run inside the run: an exception from them fails the
 * run (for example a catalog that refuses a schema change, or a bookmark another run committed
 * first). {@link #runFinished} runs after the report is written and must not affect the outcome.
 */
public interface RunListener {
  /** An output was written and is now visible at its final location. */
  default void outputPublished(RunContext context, PublishedOutput output) throws Exception {}

  /**
   * The job's work succeeded and every output is published; called before the report is written.
   * Not called for EMPTY or FAILED runs.
   */
  default void runSucceeded(RunContext context) throws Exception {}

  /**
   * The run is over and its report written (whatever the status). Exceptions are logged and
   * ignored.
   */
  default void runFinished(RunReport report) {}
}
