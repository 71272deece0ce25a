package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.LogLines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Option fail-on-data-loss against the Kinesis emulator: the source reads real shards, a real split
 * closes a parent and opens its children, and the records, sequence numbers and arrival times are
 * the emulator's. What the emulator cannot do is expire anything (it keeps every record forever),
 * so {@link ExpiringKinesisClient} applies the retention period on the way back from it: records
 * before a sequence number are no longer returned, a closed shard leaves ListShards and answers
 * ResourceNotFoundException, and the source's clock is moved 25 hours on ({@link
 * ExpiringKinesisClient.ShiftedClock}). The micro-batches are driven by {@link MicroBatchRunner},
 * as Spark's engine does (the source in Spark itself is {@link KinesisSourceTest}).
 */
class KinesisDataLossEmulatorTest {
  private static final Duration PAST_RETENTION = Duration.ofHours(25);
  private static final String FAIL = "true";
  private static final String SKIP = "false";

  private static KinesisEmulator emulator;
  private static int streams;

  @TempDir Path checkpoint;

  private ExpiringKinesisClient kinesis;
  private final ExpiringKinesisClient.ShiftedClock clock = new ExpiringKinesisClient.ShiftedClock();
  private LogLines driverLog;
  private String stream;
  private String shardId;
  private final List<String> sequenceNumbers = new ArrayList<>();

  @BeforeAll
  static void startEmulator() {
    emulator = KinesisEmulator.start();
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @BeforeEach
  void createStream() {
    kinesis = new ExpiringKinesisClient(emulator.client());
    stream = "loss-" + streams++;
    emulator.createStream(stream, 1);
    shardId = shards().get(0).shardId();
    driverLog = LogLines.of(KinesisMicroBatchStream.class);
  }

  @AfterEach
  void stopRecording() {
    driverLog.close();
  }

  @Test
  void aReRunBatchWhoseRecordsExpiredFailsNamingThem() {
    MicroBatchRunner runner = restartedAfterItsBatchExpired(FAIL);

    assertThatThrownBy(runner::reRunLastBatch)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining("Cannot read shard " + shardId + " of Kinesis stream '" + stream)
        .hasMessageContaining(
            "from sequence number " + sequenceNumbers.get(0) + " to " + sequenceNumbers.get(4))
        .hasMessageContaining("expired past the stream's retention period")
        .hasMessageContaining("set option 'fail-on-data-loss' to false");
  }

  @Test
  void aReRunBatchWhoseRecordsExpiredIsSkippedWithAWarningAndAMetricWhenAllowed() {
    MicroBatchRunner runner = restartedAfterItsBatchExpired(SKIP);

    MicroBatchRunner.Batch reRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(reRun.rows()).isEmpty();
    assertThat(runner.data()).containsExactly("r0", "r1", "r2", "r3", "r4", "r7", "r8", "r9");
    assertWarned(sequenceNumbers.get(0), sequenceNumbers.get(4));
    // r5 and r6 expired after the last record read (r4) too: the next batch's probe finds it.
    assertWarned("after sequence number " + sequenceNumbers.get(4));
    Map<String, String> metrics = runner.stream().metrics(Optional.empty());
    assertThat(metrics).containsEntry("dataLossSkipped", "2");
    assertThat(metrics.get("dataLossLast")).contains(shardId, sequenceNumbers.get(4));
  }

  @Test
  void recordsThatExpiredWhileTheQueryWasStoppedFailTheRestart() {
    MicroBatchRunner runner = stoppedWhileRecordsExpired(FAIL);

    assertThatThrownBy(runner::trigger)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining(shardId)
        .hasMessageContaining(
            "after sequence number "
                + sequenceNumbers.get(4)
                + " up to "
                + sequenceNumbers.get(8)
                + " (not included)")
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void recordsThatExpiredWhileTheQueryWasStoppedAreSkippedWhenAllowed() {
    MicroBatchRunner runner = stoppedWhileRecordsExpired(SKIP);

    runner.untilIdle(5);

    assertThat(runner.data()).containsExactly("r0", "r1", "r2", "r3", "r4", "r8", "r9");
    assertWarned(sequenceNumbers.get(4), sequenceNumbers.get(8));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "1");
  }

  @Test
  void aParentThatExpiredBeforeItWasReadToItsEndFailsInsteadOfStartingItsChildren() {
    MicroBatchRunner runner = readingAParentThatExpired(FAIL);

    assertThatThrownBy(runner::trigger)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining("Cannot read shard " + shardId)
        .hasMessageContaining("after sequence number " + sequenceNumbers.get(4))
        .hasMessageContaining("expired with the shard")
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void aParentThatExpiredIsSkippedAndItsChildrenReadWhenAllowed() {
    MicroBatchRunner runner = readingAParentThatExpired(SKIP);

    runner.untilIdle(5);

    assertThat(runner.data())
        .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "c0", "c1", "c2", "c3");
    assertWarned(shardId, "after sequence number " + sequenceNumbers.get(4));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "1");
  }

  @Test
  void aReplayedBatchNamingAnExpiredShardFailsNamingIt() {
    put("p", 10);
    MicroBatchRunner runner = runner(FAIL);
    runner.trigger();
    split();
    runner.logBatchWithoutRunning();
    kinesis.expire(shardId);
    clock.shift(PAST_RETENTION);
    runner.restart();

    assertThatThrownBy(runner::reRunLastBatch)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining("Cannot read shard " + shardId)
        .hasMessageContaining("expired with the shard")
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void aReplayedBatchNamingAnExpiredShardIsSkippedAndTheQueryGoesOnWhenAllowed() {
    put("p", 10);
    MicroBatchRunner runner = runner(SKIP);
    runner.trigger();
    split();
    putToChildren("c", 4);
    runner.logBatchWithoutRunning();
    kinesis.expire(shardId);
    clock.shift(PAST_RETENTION);
    runner.restart();

    MicroBatchRunner.Batch reRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(reRun.rows()).isEmpty();
    assertThat(runner.data())
        .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "c0", "c1", "c2", "c3");
    assertWarned(shardId, "expired with the shard");
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "1");
  }

  /**
   * The last record read expires while its shard stays idle and the query runs: nothing was lost,
   * and a restart after that must not say otherwise (the driver keeps when it last saw the shard
   * caught up).
   */
  @Test
  void anIdleShardWhoseLastRecordExpiredRestartsWithoutALoss() {
    put("a", 3);
    MicroBatchRunner runner = runner(FAIL);
    runner.trigger();
    assertThat(runner.trigger()).isNull();
    clock.shift(Duration.ofHours(20));
    assertThat(runner.trigger()).isNull();
    kinesis.trimAll(shardId, sequenceNumbers.get(2));
    clock.shift(Duration.ofHours(5));
    runner.restart();

    assertThat(runner.trigger()).isNull();
    put("b", 1);
    runner.untilIdle(5);

    assertThat(runner.data()).containsExactly("a0", "a1", "a2", "b0");
    assertThat(driverLog.lines()).noneMatch(line -> line.startsWith("WARN"));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "0");
  }

  /**
   * Reads r0..r4 of r0..r9, then r0..r6 expire and the query restarts: the batch it re-runs first
   * is gone, and so are r5 and r6.
   */
  private MicroBatchRunner restartedAfterItsBatchExpired(String failOnDataLoss) {
    put("r", 10);
    MicroBatchRunner runner = runner(failOnDataLoss);
    runner.trigger();
    kinesis.trimBefore(shardId, sequenceNumbers.get(7));
    clock.shift(PAST_RETENTION);
    runner.restart();
    return runner;
  }

  /** Reads r0..r4 of r0..r9 and restarts; then r0..r7 expire, r5..r7 of them never read. */
  private MicroBatchRunner stoppedWhileRecordsExpired(String failOnDataLoss) {
    put("r", 10);
    MicroBatchRunner runner = runner(failOnDataLoss);
    runner.trigger();
    runner.restart();
    clock.shift(PAST_RETENTION);
    kinesis.trimBefore(shardId, sequenceNumbers.get(8));
    return runner;
  }

  /**
   * Reads p0..p4 of p0..p9; then the shard is split in two, c0..c3 go to the children, and the
   * parent expires with p5..p9 unread.
   */
  private MicroBatchRunner readingAParentThatExpired(String failOnDataLoss) {
    put("p", 10);
    MicroBatchRunner runner = runner(failOnDataLoss);
    runner.trigger();
    assertThat(split()).hasSize(2);
    putToChildren("c", 4);
    kinesis.expire(shardId);
    clock.shift(PAST_RETENTION);
    return runner;
  }

  private MicroBatchRunner runner(String failOnDataLoss) {
    Map<String, String> options = new HashMap<>();
    options.put("stream", stream);
    options.put("region", KinesisEmulator.REGION);
    options.put("starting-position", "TRIM_HORIZON");
    options.put("idle-poll-interval", "0s");
    options.put("max-records-per-shard", "5");
    options.put("fail-on-data-loss", failOnDataLoss);
    return new MicroBatchRunner(checkpoint, kinesis.factory(), clock, options);
  }

  private void put(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      sequenceNumbers.add(emulator.put(stream, "key-" + i, prefix + i).sequenceNumber());
    }
  }

  private void putToChildren(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      emulator.put(stream, "key-" + i, prefix + i);
    }
  }

  /** Splits the stream's only shard in two; returns the children. */
  private List<String> split() {
    return emulator.split(stream, shards().get(0)).stream().map(Shard::shardId).toList();
  }

  private List<Shard> shards() {
    return emulator.shards(stream);
  }

  private void assertWarned(String... parts) {
    assertThat(driverLog.lines())
        .anySatisfy(line -> assertThat(line).startsWith("WARN").contains(parts));
  }
}
