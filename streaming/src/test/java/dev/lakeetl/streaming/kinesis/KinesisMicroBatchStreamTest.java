package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream driven batch by batch as Spark's engine drives it, against a scripted Kinesis that
 * answers as AWS documents: what each batch reads, and what it costs in calls and bytes.
 */
class KinesisMicroBatchStreamTest {
  @TempDir Path checkpoint;

  private final FakeClock clock = new FakeClock();
  private final ScriptedKinesisClient kinesis = new ScriptedKinesisClient("s", clock);

  @Test
  void readsEveryRecordOnceInBatchesOfAtMostMaxRecordsPerShard() {
    kinesis.addShard("shardId-000000000000").put("a", 25);
    kinesis.addShard("shardId-000000000001").put("b", 10);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "4"));

    runner.untilIdle(20);

    assertThat(runner.data()).containsExactlyInAnyOrderElementsOf(names(Map.of("a", 25, "b", 10)));
    for (MicroBatchRunner.Batch batch : runner.batches()) {
      assertThat(
              batch.rows().stream()
                  .collect(Collectors.groupingBy(MicroBatchRunner.Row::shardId))
                  .values())
          .allSatisfy(rows -> assertThat(rows).hasSizeLessThanOrEqualTo(4));
    }
  }

  @Test
  void readsAClosedParentToItsEndBeforeItsChildren() {
    kinesis.addShard("shardId-000000000000").put("parent", 6).close();
    kinesis.addShard("shardId-000000000001", "shardId-000000000000", null).put("left", 3);
    kinesis.addShard("shardId-000000000002", "shardId-000000000000", null).put("right", 3);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "4"));

    runner.untilIdle(20);

    assertThat(runner.data())
        .containsExactlyInAnyOrderElementsOf(names(Map.of("parent", 6, "left", 3, "right", 3)));
    long lastParentBatch = lastBatchOf(runner, "shardId-000000000000");
    assertThat(runner.batches())
        .filteredOn(batch -> batch.batchId() <= lastParentBatch)
        .flatMap(MicroBatchRunner.Batch::rows)
        .extracting(MicroBatchRunner.Row::shardId)
        .containsOnly("shardId-000000000000");
  }

  private MicroBatchRunner runner(Map<String, String> options) {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.putIfAbsent("starting-position", "TRIM_HORIZON");
    all.putIfAbsent("idle-poll-interval", "0s");
    return new MicroBatchRunner(checkpoint, kinesis, all);
  }

  private static long lastBatchOf(MicroBatchRunner runner, String shardId) {
    return runner.batches().stream()
        .filter(batch -> batch.rows().stream().anyMatch(row -> row.shardId().equals(shardId)))
        .mapToLong(MicroBatchRunner.Batch::batchId)
        .max()
        .orElseThrow();
  }

  /** prefix0..prefix(n-1) for every prefix. */
  static List<String> names(Map<String, Integer> counts) {
    List<String> names = new ArrayList<>();
    counts.forEach(
        (prefix, count) -> {
          for (int i = 0; i < count; i++) {
            names.add(prefix + i);
          }
        });
    return names;
  }
}
