package dev.lakeetl.job;

import dev.lakeetl.report.RunStatus;
import java.util.List;

/**
 * A batch job's own work, run by {@link BatchJobRunner}. The job reads, transforms and writes; it
 * records what it did in the {@link RunContext#tracker() tracker} and announces each published
 * output with {@link RunContext#published}. Failures are thrown: the runner turns them into a
 * FAILED report and exit code.
 */
public interface BatchJob {
  /** Name, Spark settings and report folder, from the validated configuration. */
  JobSetup setup();

  /**
   * Does the work of one run.
   *
   * @return {@link RunStatus#SUCCEEDED}, or {@link RunStatus#EMPTY} when there was nothing to do
   * @throws Exception when the run failed; the message should say why in the user's terms
   */
  RunStatus process(RunContext context) throws Exception;

  /** Listeners for this job's runs (catalog registration, bookmarks, notifications...). */
  default List<RunListener> listeners() {
    return List.of();
  }
}
