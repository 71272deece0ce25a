package dev.lakeetl.streaming.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.streaming.sink.BatchCounts;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop of a real streaming query whose batches run back to back: the stop falls between
 * batches, so no batch the sink started is interrupted.
 */
class GracefulStopTest {
  @TempDir Path folder;

  @Test
  void aStopLetsTheRunningBatchFinishAndStartsNoOther() throws Exception {
    SparkSession spark = SharedSpark.session();
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    Set<Long> started = ConcurrentHashMap.newKeySet();
    Set<Long> finished = ConcurrentHashMap.newKeySet();
    Set<Long> interrupted = ConcurrentHashMap.newKeySet();
    BatchGate gate = new BatchGate();
    StreamingQuery query =
        spark
            .readStream()
            .format("rate")
            .option("rowsPerSecond", 50)
            .load()
            .writeStream()
            .queryName("graceful-stop")
            .option("checkpointLocation", folder.resolve("checkpoint/refined").toString())
            // Back to back: the next batch is triggered as soon as one ends.
            .trigger(Trigger.ProcessingTime(0))
            .foreachBatch(
                gate.around(
                    (batch, batchId) -> {
                      started.add(batchId);
                      try {
                        // Stands for the sink's moves, which a stop must not cut in half.
                        Thread.sleep(400);
                      } catch (InterruptedException e) {
                        interrupted.add(batchId);
                        throw e;
                      }
                      finished.add(batchId);
                    }))
            .start();
    StopSignal stop = new StopSignal(folder.resolve("checkpoint").toString(), hadoopConf);
    Thread requester =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
              while (finished.size() < 3 && System.nanoTime() < deadline) {
                sleep(20);
              }
              // Mid-batch: a new one has started since the third finished.
              sleep(150);
              stop.request("test");
            });
    requester.start();
    RunReporter reporter =
        new RunReporter(
            "run-1",
            "graceful-stop",
            Instant.now(),
            Clock.systemUTC(),
            new ProgressListener(Map.of()),
            () -> BatchCounts.ZERO,
            List::of,
            Map.of(),
            new StreamingReportWriter(folder.resolve("report.json").toString(), hadoopConf),
            new SlackNotifier(SlackConfig.DISABLED));

    StreamingStatus status =
        new RunLoop(Clock.systemUTC(), Duration.ofMinutes(1), gate)
            .await(List.of(query), stop, reporter);
    requester.join();

    assertThat(status).isEqualTo(StreamingStatus.STOPPED);
    assertThat(query.isActive()).isFalse();
    assertThat(finished).hasSizeGreaterThanOrEqualTo(3);
    assertThat(interrupted).as("batches interrupted by the stop").isEmpty();
    assertThat(finished).as("every batch the sink started finished").isEqualTo(started);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
