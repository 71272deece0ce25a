package dev.lakeetl.streaming.run;

import dev.lakeetl.report.ReportStatus;

/** State of a streaming run, as its report shows it. */
public enum StreamingStatus implements ReportStatus {
  /** Queries are running; the report is rewritten periodically. */
  RUNNING,
  /** Stopped on request (SIGTERM or stop marker) after finishing the current batches. */
  STOPPED,
  /** A query failed or the job could not start; see the error. */
  FAILED;

  @Override
  public boolean failed() {
    return this == FAILED;
  }
}
