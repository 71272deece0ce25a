package dev.lakeetl.streaming.kinesis;

import static dev.lakeetl.streaming.kinesis.KinesisMicroBatchStreamTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each record is fetched from Kinesis once per batch: a shard's read limits (2 MB/s and 5 calls/s,
 * shared by every consumer) are spent on new records, not on reading the same ones again. The only
 * extra record is the first new one of a shard that was caught up, which the driver reads to learn
 * that the shard has something to read.
 */
class KinesisReadOncePerBatchTest {
  private static final String SHARD_0 = "shardId-000000000000";
  private static final String SHARD_1 = "shardId-000000000001";

  @TempDir Path checkpoint;

  private final FakeClock clock = new FakeClock();
  private final ScriptedKinesisClient kinesis = new ScriptedKinesisClient("s", clock);

  @Test
  void fetchesEveryRecordOnceWhileTheQueryIsBehind() {
    kinesis.addShard(SHARD_0).put("a", 300);
    kinesis.addShard(SHARD_1).put("b", 300);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "50"));

    runner.untilIdle(30);

    assertThat(runner.data())
        .containsExactlyInAnyOrderElementsOf(names(Map.of("a", 300, "b", 300)));
    // One record per shard is read twice: the first one, found by the driver when it starts.
    assertThat(kinesis.recordsReturned()).isLessThanOrEqualTo(600 + 2);
    assertThat(kinesis.bytesReturned()).isLessThanOrEqualTo(bytes(runner) + 2 * "a299".length());
  }

  @Test
  void newRecordsOnACaughtUpShardCostOneExtraRecordPerBatch() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD_0).put("a", 10);
    MicroBatchRunner runner = runner(Map.of());

    int batches = runner.untilIdle(5).size();
    shard.put("b", 10);
    batches += runner.untilIdle(5).size();
    shard.put("c", 10);
    batches += runner.untilIdle(5).size();

    assertThat(runner.data())
        .containsExactlyInAnyOrderElementsOf(names(Map.of("a", 10, "b", 10, "c", 10)));
    assertThat(batches).isEqualTo(3);
    assertThat(kinesis.recordsReturned()).isLessThanOrEqualTo(30 + 3);
  }

  @Test
  void aReRunBatchReadsTheRecordsItReadTheFirstTime() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD_0).put("a", 10);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "100"));
    MicroBatchRunner.Batch first = runner.trigger();
    shard.put("b", 5);

    runner.restart();
    MicroBatchRunner.Batch reRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(first.rows()).extracting(MicroBatchRunner.Row::data).hasSize(10);
    assertThat(reRun.rows()).isEqualTo(first.rows());
    assertThat(runner.batches().subList(2, runner.batches().size()))
        .flatMap(MicroBatchRunner.Batch::rows)
        .extracting(MicroBatchRunner.Row::data)
        .containsExactlyInAnyOrderElementsOf(names(Map.of("b", 5)));
  }

  @Test
  void aBatchLoggedBeforeACrashReadsOnItsFirstRunAndTheSameOnEveryLaterRun() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD_0).put("a", 10);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "8"));
    runner.logBatchWithoutRunning();
    shard.put("b", 5);

    runner.restart();
    MicroBatchRunner.Batch firstRun = runner.reRunLastBatch();
    runner.restart();
    MicroBatchRunner.Batch secondRun = runner.reRunLastBatch();
    runner.untilIdle(5);

    assertThat(firstRun.rows()).hasSize(8);
    assertThat(secondRun.rows()).isEqualTo(firstRun.rows());
    List<String> afterwards =
        runner.batches().subList(3, runner.batches().size()).stream()
            .flatMap(batch -> batch.rows().stream())
            .map(MicroBatchRunner.Row::data)
            .toList();
    assertThat(
            java.util.stream.Stream.concat(
                firstRun.rows().stream().map(MicroBatchRunner.Row::data), afterwards.stream()))
        .containsExactlyInAnyOrderElementsOf(names(Map.of("a", 10, "b", 5)));
  }

  @Test
  void throttledCallsAndExpiredIteratorsNeitherLoseNorRepeatRecords() {
    kinesis.addShard(SHARD_0).put("a", 30);
    MicroBatchRunner runner =
        runner(Map.of("max-records-per-shard", "10", "retry-backoff", "100ms"));
    runner.trigger();
    kinesis.throttleNextGetRecords(2);
    kinesis.expireNextIterator();

    runner.untilIdle(10);

    assertThat(runner.data()).containsExactlyInAnyOrderElementsOf(names(Map.of("a", 30)));
    assertThat(kinesis.recordsReturned()).isLessThanOrEqualTo(30 + 1);
  }

  @Test
  void continuesACheckpointWrittenWithTheDriverReadingAheadFormat() throws Exception {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(SHARD_0).put("a", 10);
    String start =
        "{\"version\":1,\"stream\":\"s\",\"shards\":{\"" + SHARD_0 + "\":\"TRIM_HORIZON\"}}";
    String end =
        "{\"version\":1,\"stream\":\"s\",\"shards\":{\""
            + SHARD_0
            + "\":\"AFTER_SEQUENCE_NUMBER/"
            + shard.sequenceNumber(4)
            + "\"}}";
    Files.writeString(
        checkpoint.resolve(InitialOffsetStore.FILE_NAME), start, StandardCharsets.UTF_8);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "5"));

    // The batch in the offset log when the query stopped, re-run; then new batches.
    MicroBatchRunner.Batch reRun = runner.runLogged(start, end);
    runner.untilIdle(5);

    assertThat(runner.stream().initialOffset().json()).isEqualTo(start);
    assertThat(reRun.rows())
        .extracting(MicroBatchRunner.Row::data)
        .containsExactly("a0", "a1", "a2", "a3", "a4");
    assertThat(runner.data()).containsExactlyElementsOf(names(Map.of("a", 10)));
  }

  private MicroBatchRunner runner(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("starting-position", "TRIM_HORIZON");
    all.putIfAbsent("idle-poll-interval", "0s");
    return new MicroBatchRunner(checkpoint, kinesis, all);
  }

  private static long bytes(MicroBatchRunner runner) {
    return runner.rows().stream()
        .mapToLong(row -> row.data().getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }
}
