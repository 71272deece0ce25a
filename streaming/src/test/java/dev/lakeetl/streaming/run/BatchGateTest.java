package dev.lakeetl.streaming.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The gate's contract, with plain threads standing for Spark's query thread. */
class BatchGateTest {
  @Test
  void closingWaitsForTheRunningBatchAndHoldsTheNextOneUntilInterrupted() throws Exception {
    BatchGate gate = new BatchGate();
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    VoidFunction2<Dataset<Row>, Long> sink =
        gate.around(
            (batch, batchId) -> {
              events.add("start " + batchId);
              if (batchId == 0) {
                firstStarted.countDown();
                releaseFirst.await();
              }
              events.add("end " + batchId);
            });
    AtomicReference<Throwable> secondFailure = new AtomicReference<>();
    Thread query =
        new Thread(
            () -> {
              try {
                sink.call(null, 0L);
                sink.call(null, 1L);
              } catch (Exception e) {
                secondFailure.set(e);
              }
            });
    query.start();
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

    Thread release =
        new Thread(
            () -> {
              sleep(200);
              releaseFirst.countDown();
            });
    release.start();
    assertThat(gate.closeAndDrain(Duration.ofSeconds(10), () -> false))
        .as("batch 0 finished")
        .isTrue();
    assertThat(events).containsExactly("start 0", "end 0");

    // Batch 1 waits at the gate; stopping the query interrupts it before its sink ran.
    sleep(200);
    query.interrupt();
    query.join(10_000);
    assertThat(query.isAlive()).isFalse();
    assertThat(secondFailure.get()).isInstanceOf(InterruptedException.class);
    assertThat(events).containsExactly("start 0", "end 0");
  }

  @Test
  void drainingGivesUpAfterTheTimeout() throws Exception {
    BatchGate gate = new BatchGate();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    VoidFunction2<Dataset<Row>, Long> sink =
        gate.around(
            (batch, batchId) -> {
              started.countDown();
              release.await();
            });
    Thread query =
        new Thread(
            () -> {
              try {
                sink.call(null, 0L);
              } catch (Exception e) {
                // released below
              }
            });
    query.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(gate.closeAndDrain(Duration.ofMillis(100), () -> false)).isFalse();
    release.countDown();
    query.join(10_000);
  }

  @Test
  void aBatchWaitingAtTheGateEndsOnceTheQueryIsStoppedEvenWithoutAnInterrupt() throws Exception {
    BatchGate gate = new BatchGate();
    AtomicBoolean stopped = new AtomicBoolean();
    List<Long> ran = new CopyOnWriteArrayList<>();
    VoidFunction2<Dataset<Row>, Long> sink = gate.around((batch, batchId) -> ran.add(batchId));
    assertThat(gate.closeAndDrain(Duration.ofSeconds(1), stopped::get)).isTrue();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread query =
        new Thread(
            () -> {
              try {
                sink.call(null, 5L);
              } catch (Exception e) {
                failure.set(e);
              }
            });
    query.start();
    sleep(300);
    assertThat(query.isAlive()).as("held at the gate").isTrue();

    stopped.set(true);
    query.join(10_000);

    assertThat(query.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    assertThat(ran).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
