package dev.lakeetl.job;

/**
 * A run failed for a reason its message states completely (a quality rule, a bookmark conflict, a
 * refused schema change...): the report and log show the message without a stack trace.
 */
public class RunFailedException extends RuntimeException {
  public RunFailedException(String message) {
    super(message);
  }

  public RunFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
