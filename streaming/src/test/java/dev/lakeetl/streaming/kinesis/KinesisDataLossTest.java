package dev.lakeetl.streaming.kinesis;

import static dev.lakeetl.streaming.kinesis.KinesisMicroBatchStreamTest.names;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that expired past the stream's retention period before the query read them: by default
 * the query fails naming the shard and the sequence numbers; with {@code fail-on-data-loss} false
 * it skips them with a warning, counts them in the source's metrics and names the last gap there
 * (so in the run report). Expiry cannot be emulated; the scripted client trims records as the
 * retention period does and lets a closed shard leave the listing.
 */
class KinesisDataLossTest {
  private static final String SHARD = "shardId-000000000000";
  private static final String LEFT = "shardId-000000000001";
  private static final String RIGHT = "shardId-000000000002";
  private static final Duration PAST_RETENTION = Duration.ofHours(25);

  @TempDir Path checkpoint;

  private final FakeClock clock = new FakeClock();
  private final ScriptedKinesisClient kinesis = new ScriptedKinesisClient("s", clock);
  private LogLines driverLog;

  @BeforeEach
  void recordDriverLog() {
    driverLog = LogLines.of(KinesisMicroBatchStream.class);
  }

  @AfterEach
  void stopRecording() {
    driverLog.close();
  }

  @Test
  void failsWhenTheRecordsOfAReRunBatchExpired() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD).put("a", 10);
    MicroBatchRunner runner = runner(Map.of());
    runner.trigger();
    clock.advance(PAST_RETENTION);
    shard.trimFirst(7);

    runner.restart();

    assertThatThrownBy(runner::reRunLastBatch)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining(SHARD)
        .hasMessageContaining(shard.sequenceNumber(0))
        .hasMessageContaining(shard.sequenceNumber(4))
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void skipsTheExpiredRecordsOfAReRunBatchWithAWarningAndAMetricWhenAllowed() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD).put("a", 10);
    MicroBatchRunner runner = runner(Map.of("fail-on-data-loss", "false"));
    runner.trigger();
    clock.advance(PAST_RETENTION);
    shard.trimFirst(7);

    runner.restart();
    MicroBatchRunner.Batch reRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(reRun.rows()).isEmpty();
    assertThat(runner.data()).containsExactly("a0", "a1", "a2", "a3", "a4", "a7", "a8", "a9");
    assertThat(driverLog.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("WARN")
                    .contains(SHARD, shard.sequenceNumber(0), shard.sequenceNumber(4)));
    Map<String, String> metrics = runner.stream().metrics(Optional.empty());
    assertThat(metrics).containsEntry("dataLossSkipped", "2");
    assertThat(metrics.get("dataLossLast")).contains(SHARD);
  }

  @Test
  void failsWhenAParentExpiredBeforeItWasReadToItsEnd() {
    kinesis.addShard(SHARD).put("p", 10).close();
    kinesis.addShard(LEFT, SHARD, null).put("l", 3);
    kinesis.addShard(RIGHT, SHARD, null).put("r", 3);
    MicroBatchRunner runner = runner(Map.of());
    runner.trigger();
    clock.advance(PAST_RETENTION);
    kinesis.shard(SHARD).expire();

    assertThatThrownBy(runner::trigger)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining(SHARD)
        .hasMessageContaining(kinesis.shard(SHARD).sequenceNumber(4))
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void skipsAnExpiredParentAndReadsItsChildrenWhenAllowed() {
    kinesis.addShard(SHARD).put("p", 10).close();
    kinesis.addShard(LEFT, SHARD, null).put("l", 3);
    kinesis.addShard(RIGHT, SHARD, null).put("r", 3);
    MicroBatchRunner runner = runner(Map.of("fail-on-data-loss", "false"));
    runner.trigger();
    clock.advance(PAST_RETENTION);
    kinesis.shard(SHARD).expire();

    runner.untilIdle(5);

    assertThat(runner.data())
        .containsExactlyInAnyOrderElementsOf(names(Map.of("p", 5, "l", 3, "r", 3)));
    assertThat(driverLog.lines())
        .anySatisfy(line -> assertThat(line).startsWith("WARN").contains(SHARD));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "1");
  }

  @Test
  void failsWhenAReRunBatchNamesAShardThatExpired() {
    kinesis.addShard(SHARD).put("p", 10).close();
    kinesis.addShard(LEFT, SHARD, null).put("l", 3);
    MicroBatchRunner runner = runner(Map.of());
    runner.trigger();
    runner.logBatchWithoutRunning();
    clock.advance(PAST_RETENTION);
    kinesis.shard(SHARD).expire();

    runner.restart();

    assertThatThrownBy(runner::reRunLastBatch)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining(SHARD)
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void skipsAReRunBatchsExpiredShardAndGoesOnWhenAllowed() {
    kinesis.addShard(SHARD).put("p", 10).close();
    kinesis.addShard(LEFT, SHARD, null).put("l", 3);
    MicroBatchRunner runner = runner(Map.of("fail-on-data-loss", "false"));
    runner.trigger();
    runner.logBatchWithoutRunning();
    clock.advance(PAST_RETENTION);
    kinesis.shard(SHARD).expire();

    runner.restart();
    MicroBatchRunner.Batch reRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(reRun.rows()).isEmpty();
    assertThat(runner.data()).containsExactlyInAnyOrderElementsOf(names(Map.of("p", 5, "l", 3)));
    assertThat(driverLog.lines())
        .anySatisfy(line -> assertThat(line).startsWith("WARN").contains(SHARD));
  }

  @Test
  void failsWhenRecordsAfterTheLastOneReadExpiredWhileTheQueryWasStopped() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD).put("a", 10);
    MicroBatchRunner runner = stoppedPastRetention(shard, Map.of());
    // Retention trims a0..a7: a5..a7 were never read.
    shard.trimFirst(8);

    assertThatThrownBy(runner::trigger)
        .isInstanceOf(KinesisReadException.class)
        .hasMessageContaining(SHARD)
        .hasMessageContaining(shard.sequenceNumber(4))
        .hasMessageContaining("'fail-on-data-loss'");
  }

  @Test
  void skipsRecordsThatExpiredWhileTheQueryWasStoppedWhenAllowed() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD).put("a", 10);
    MicroBatchRunner runner = stoppedPastRetention(shard, Map.of("fail-on-data-loss", "false"));
    shard.trimFirst(8);

    runner.untilIdle(5);

    assertThat(runner.data())
        .containsExactly("a0", "a1", "a2", "a3", "a4", "a8", "a9", "b0", "b1", "b2", "b3", "b4");
    assertThat(driverLog.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("WARN")
                    .contains(SHARD, shard.sequenceNumber(4), shard.sequenceNumber(8)));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "1");
  }

  @Test
  void readsOnWithoutAWarningWhenNothingExpired() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD).put("a", 10);
    MicroBatchRunner runner = stoppedPastRetention(shard, Map.of());

    runner.untilIdle(5);

    List<String> expected = new ArrayList<>(names(Map.of("a", 10)));
    expected.addAll(names(Map.of("b", 5)));
    assertThat(runner.data()).containsExactlyElementsOf(expected);
    assertThat(driverLog.lines()).noneMatch(line -> line.startsWith("WARN"));
    assertThat(runner.stream().metrics(Optional.empty())).containsEntry("dataLossSkipped", "0");
  }

  /**
   * Reads a batch of {@code shard} (five records), then stops for longer than the retention period
   * while b0..b4 arrive; returns the query, started again.
   */
  private MicroBatchRunner stoppedPastRetention(
      ScriptedKinesisClient.ScriptedShard shard, Map<String, String> options) {
    MicroBatchRunner runner = runner(options);
    runner.trigger();
    runner.restart();
    clock.advance(PAST_RETENTION);
    shard.put("b", 5);
    return runner;
  }

  private MicroBatchRunner runner(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("starting-position", "TRIM_HORIZON");
    all.putIfAbsent("idle-poll-interval", "0s");
    all.putIfAbsent("max-records-per-shard", "5");
    return new MicroBatchRunner(checkpoint, kinesis, all);
  }
}
