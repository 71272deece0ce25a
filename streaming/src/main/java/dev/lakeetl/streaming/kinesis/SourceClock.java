package dev.lakeetl.streaming.kinesis;

import java.io.Serializable;
import java.time.Instant;

/**
 * The time the source reads and waits on: wall-clock instants, a monotonic clock for budgets and
 * waits that end when the thread is interrupted. Serializable because tasks carry it; tests replace
 * it so waits take no real time.
 */
interface SourceClock extends Serializable {
  /** The system clock; waits sleep the thread. */
  SourceClock SYSTEM = new SystemClock();

  /** Now, as Kinesis timestamps are compared (arrival times, AT_TIMESTAMP). */
  Instant instant();

  /** A monotonic reading in nanoseconds, for intervals only. */
  long nanoTime();

  /**
   * Waits {@code millis}; an interrupt ends it with the exception Spark recognises as a stop.
   *
   * @param during what the wait is for, named if it is interrupted
   */
  void sleep(long millis, String during);

  /** {@link #SYSTEM}. */
  final class SystemClock implements SourceClock {
    private static final long serialVersionUID = 1L;

    private SystemClock() {}

    @Override
    public Instant instant() {
      return Instant.now();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis, String during) {
      Interrupts.sleep(millis, during);
    }

    private Object readResolve() {
      return SYSTEM;
    }
  }
}
