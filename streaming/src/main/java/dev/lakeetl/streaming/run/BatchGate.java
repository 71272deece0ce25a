package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Lets a graceful stop fall between micro-batches. Each batch passes the gate before its sink does
 * any work; {@link #closeAndDrain} closes the gate and waits for the batch in progress, and a batch
 * that Spark triggers after that waits at the gate, having done nothing, until the query is
 * stopped; it then ends with an {@link InterruptedException}, which Spark takes for the stop.
 * Without the gate a trigger can start between "no batch active" and the stop and be interrupted
 * half-way.
 *
 * <p>A waiting batch does not rely on the stop's interrupt alone (Spark code on the way may have
 * consumed it): it also checks every {@value #POLL_MILLIS} ms whether the query was stopped.
 */
public final class BatchGate {
  private static final long POLL_MILLIS = 100;

  private boolean closed;
  private BooleanSupplier stopped = () -> false;
  private int running;

  /** {@code sink} behind this gate. */
  public VoidFunction2<Dataset<Row>, Long> around(VoidFunction2<Dataset<Row>, Long> sink) {
    requireNonNull(sink, "sink is null");
    return (batch, batchId) -> {
      enter();
      try {
        sink.call(batch, batchId);
      } finally {
        exit();
      }
    };
  }

  /**
   * Closes the gate and waits up to {@code timeout} for the batch in progress to finish.
   *
   * @param stopped whether the queries behind the gate are stopped, so a batch waiting at the gate
   *     can end
   * @return whether no batch is in progress
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public synchronized boolean closeAndDrain(Duration timeout, BooleanSupplier stopped)
      throws InterruptedException {
    requireNonNull(timeout, "timeout is null");
    this.stopped = requireNonNull(stopped, "stopped is null");
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Waits while the gate is closed: the batch ends once the query is stopped. */
  private synchronized void enter() throws InterruptedException {
    while (closed) {
      if (stopped.getAsBoolean()) {
        throw new InterruptedException("The query was stopped before this batch started");
      }
      wait(POLL_MILLIS);
    }
    running++;
  }

  private synchronized void exit() {
    running--;
    notifyAll();
  }
}
