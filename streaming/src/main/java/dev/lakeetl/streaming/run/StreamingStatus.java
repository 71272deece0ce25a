package dev.lakeetl.streaming.run;

/** State of a streaming run, as its report shows it. */
public enum StreamingStatus {
  /** Queries are running; the report is rewritten periodically. */
  RUNNING,
  /** Stopped on request (SIGTERM or stop marker) after finishing the current batches. */
  STOPPED,
  /** A query failed or the job could not start; see the error. */
  FAILED
}
