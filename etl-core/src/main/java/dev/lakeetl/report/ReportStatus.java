package dev.lakeetl.report;

/**
 * The status a run report shows: {@link RunStatus} for batch runs, the streaming job's own status
 * for streaming runs.
 */
public interface ReportStatus {
  /** The status as the report spells it, e.g. {@code SUCCEEDED}. */
  String name();

  /** Whether the run failed: then, and only then, its report carries an error. */
  boolean failed();
}
