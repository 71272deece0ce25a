package dev.lakeetl.streaming.kinesis;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;

/**
 * Waits that end when the thread is interrupted, with the exception Spark recognises as a stop (an
 * interrupted I/O), so stopping a query during a backoff is not reported as a failure.
 */
final class Interrupts {
  private Interrupts() {}

  static void sleep(long millis, String during) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(during, e);
    }
  }

  static UncheckedIOException interrupted(String during, Throwable cause) {
    InterruptedIOException interrupted = new InterruptedIOException("Interrupted " + during);
    interrupted.initCause(cause);
    return new UncheckedIOException(interrupted);
  }
}
