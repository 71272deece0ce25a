package dev.lakeetl.streaming.kinesis;

import static dev.lakeetl.streaming.kinesis.KinesisMicroBatchStreamTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards whose next records lie beyond many empty GetRecords answers: AWS documents that on a
 * sparse or long-retention shard several calls may return no records while MillisBehindLatest is
 * above zero before records come. The emulator never answers that way; the scripted client does.
 */
class KinesisSparseShardTest {
  private static final String PARENT = "shardId-000000000000";
  private static final String LEFT = "shardId-000000000001";
  private static final String RIGHT = "shardId-000000000002";

  /** More empty answers than one poll may page through within its budget. */
  private static final int MANY_EMPTY_PAGES = 120;

  @TempDir Path checkpoint;

  private final FakeClock clock = new FakeClock();
  private final ScriptedKinesisClient kinesis = new ScriptedKinesisClient("s", clock);

  @Test
  void readsFromTrimHorizonPastManyEmptyPages() {
    kinesis.addShard(PARENT).put("a", 3).emptyPagesBefore(0, MANY_EMPTY_PAGES);
    MicroBatchRunner runner = runner(Map.of("starting-position", "TRIM_HORIZON"));

    runner.triggers(10);

    assertThat(runner.data()).containsExactly("a0", "a1", "a2");
  }

  @Test
  void readsFromATimestampPastManyEmptyPages() {
    java.time.Instant start = clock.instant();
    kinesis.addShard(PARENT).put("a", 3).emptyPagesBefore(0, MANY_EMPTY_PAGES);
    MicroBatchRunner runner =
        runner(Map.of("starting-position", "AT_TIMESTAMP", "at-timestamp", start.toString()));

    runner.triggers(10);

    assertThat(runner.data()).containsExactly("a0", "a1", "a2");
  }

  @Test
  void readsTheChildrenOfAClosedParentWhoseLastRecordsLieBeyondEmptyPages() {
    kinesis.addShard(PARENT).put("p", 4).emptyPagesBefore(2, MANY_EMPTY_PAGES).close();
    kinesis.addShard(LEFT, PARENT, null).put("l", 2);
    kinesis.addShard(RIGHT, PARENT, null).put("r", 2);
    MicroBatchRunner runner = runner(Map.of());

    runner.triggers(15);

    assertThat(runner.data())
        .containsExactlyInAnyOrderElementsOf(names(Map.of("p", 4, "l", 2, "r", 2)));
  }

  @Test
  void aPollSpendsAtMostItsBudgetOnEmptyAnswersAndTheNextOneGoesOn() {
    kinesis.addShard(PARENT).put("a", 3).emptyPagesBefore(0, MANY_EMPTY_PAGES);
    MicroBatchRunner runner = runner(Map.of("empty-read-budget", "2s"));

    long before = clock.nanoTime();
    assertThat(runner.trigger()).isNull();
    Duration firstPoll = Duration.ofNanos(clock.nanoTime() - before);
    int firstAnswers = kinesis.answers(PARENT).size();
    assertThat(runner.trigger()).isNull();

    // 2 s of calls 200 ms apart (each call takes 10 ms of the scripted service's time).
    assertThat(firstPoll).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2300));
    assertThat(firstAnswers).isBetween(9, 11);
    // The second poll pages on from the first one's iterator instead of starting over.
    assertThat(kinesis.answers(PARENT)).hasSize(2 * firstAnswers);
    assertThat(kinesis.getShardIteratorCalls()).isEqualTo(1);
  }

  @Test
  void waitsBetweenEmptyAnswersWhileBehind() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(PARENT).put("a", 6);
    shard.emptyPagesBefore(3, 5);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "100"));

    runner.triggers(5);

    assertThat(runner.data()).containsExactlyElementsOf(names(Map.of("a", 6)));
    List<ScriptedKinesisClient.Answer> answers = kinesis.answers(PARENT);
    long minimumGap = Duration.ofMillis(200).toNanos();
    for (int i = 1; i < answers.size(); i++) {
      ScriptedKinesisClient.Answer previous = answers.get(i - 1);
      if (previous.records() == 0 && previous.millisBehindLatest() > 0) {
        assertThat(answers.get(i).nanos() - previous.nanos())
            .as("time from empty answer %d (behind) to the next call", i - 1)
            .isGreaterThanOrEqualTo(minimumGap);
      }
    }
  }

  @Test
  void aReadMeetingManyEmptyAnswersEndsWithinItsBudgetAndTheNextPollGoesOnFromThere() {
    ScriptedKinesisClient.ScriptedShard shard = kinesis.addShard(PARENT).put("a", 6);
    shard.emptyPagesBefore(3, MANY_EMPTY_PAGES);
    MicroBatchRunner runner = runner(Map.of("max-records-per-shard", "100"));

    MicroBatchRunner.Batch first = runner.trigger();
    runner.triggers(10);

    assertThat(first.rows())
        .extracting(MicroBatchRunner.Row::data)
        .containsExactly("a0", "a1", "a2");
    assertThat(runner.data()).containsExactlyElementsOf(names(Map.of("a", 6)));
    // Nobody pages again through what an earlier call skipped: each empty answer comes once.
    assertThat(kinesis.answers(PARENT))
        .filteredOn(answer -> answer.records() == 0 && answer.millisBehindLatest() > 0)
        .hasSize(MANY_EMPTY_PAGES);
  }

  private MicroBatchRunner runner(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.putIfAbsent("starting-position", "TRIM_HORIZON");
    all.putIfAbsent("idle-poll-interval", "0s");
    return new MicroBatchRunner(checkpoint, kinesis, all);
  }
}
