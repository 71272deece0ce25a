package dev.lakeetl.streaming.kinesis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Finds out on the driver whether a shard has a record after its position, reading at most one
 * record. The driver asks only for shards whose last read did not stop at the record limit (those
 * have records waiting), so a batch is planned only when there is something to read, and the task
 * then reads every record of the batch once. The record found is where the batch's read starts.
 *
 * <p>GetRecords may answer with no records while the shard has newer ones (MillisBehindLatest above
 * 0): on a sparse or long-retention shard, from TRIM_HORIZON or a timestamp, after a long stop,
 * several calls are needed to reach the next record. A probe goes on asking, 200 ms apart (a shard
 * serves 5 GetRecords calls per second to all its consumers), for at most {@code
 * empty-read-budget-ms}, and keeps the iterator it got to: the next poll of the shard goes on from
 * there instead of starting over, so every poll makes progress however many empty answers lie
 * ahead.
 */
final class ShardProbe {
  /** Between two calls after an empty answer: a shard serves 5 GetRecords calls per second. */
  static final long EMPTY_CALL_WAIT_MILLIS = 200;

  /**
   * Iterators expire five minutes after GetRecords returned them; one older than this is not used.
   */
  static final Duration ITERATOR_REUSE = Duration.ofMinutes(4);

  private static final Logger LOG = LoggerFactory.getLogger(ShardProbe.class);

  private final KinesisShards shards;
  private final ReadCounters counters;
  private final SourceClock clock;
  private final Duration budget;
  private final Map<String, Kept> kept = new HashMap<>();

  /** An iterator that goes on from {@code from}, and when GetRecords returned it. */
  private record Kept(ShardPosition from, String iterator, Instant obtainedAt) {}

  ShardProbe(KinesisShards shards, ReadCounters counters, SourceClock clock, Duration budget) {
    this.shards = Objects.requireNonNull(shards, "shards is null");
    this.counters = Objects.requireNonNull(counters, "counters is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.budget = Objects.requireNonNull(budget, "budget is null");
  }

  /** What a probe found. */
  sealed interface Result permits Found, Nothing, End {}

  /** The first record after the position; the batch reads from it. */
  record Found(String sequenceNumber, Instant arrival) implements Result {}

  /**
   * No record after the position for now: the shard has caught up (MillisBehindLatest 0), or the
   * probe spent its budget on empty answers and the next poll goes on.
   */
  record Nothing(long millisBehindLatest) implements Result {
    boolean caughtUp() {
      return millisBehindLatest == 0;
    }
  }

  /** A closed shard already read to its end. */
  record End() implements Result {}

  /**
   * Goes on from an iterator a task's read ended with, if the shard is still at {@code from} when
   * it is next probed.
   */
  void continueFrom(String shardId, ShardPosition from, String iterator, Instant obtainedAt) {
    if (iterator != null) {
      kept.put(shardId, new Kept(from, iterator, obtainedAt));
    }
  }

  /**
   * Looks for the first record after {@code from}.
   *
   * @param cutoff with Trigger.AvailableNow, records that arrived after it count as nothing; else
   *     null
   */
  Result probe(String shardId, ShardPosition from, Instant cutoff) {
    String iterator = keptIterator(shardId, from);
    boolean fromKept = iterator != null;
    if (!fromKept) {
      iterator = shards.iterator(shardId, from);
    }
    long deadline = clock.nanoTime() + budget.toNanos();
    int emptyCalls = 0;
    while (true) {
      GetRecordsResponse response;
      try {
        response = shards.records(shardId, iterator, 1);
      } catch (ExpiredIteratorException e) {
        kept.remove(shardId);
        iterator = shards.iterator(shardId, from);
        fromKept = false;
        continue;
      } catch (KinesisReadException e) {
        if (!fromKept) {
          throw e;
        }
        // A kept iterator the service no longer accepts (it restarted, say): start over.
        LOG.info("Shard {}: the kept iterator failed ({}); starting over", shardId, e.getMessage());
        kept.remove(shardId);
        iterator = shards.iterator(shardId, from);
        fromKept = false;
        continue;
      }
      fromKept = false;
      counters.fetched(response);
      List<Record> records = response.records();
      long millisBehind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
      if (!records.isEmpty()) {
        kept.remove(shardId);
        Record first = records.get(0);
        if (cutoff != null && first.approximateArrivalTimestamp().isAfter(cutoff)) {
          return new Nothing(millisBehind);
        }
        return new Found(first.sequenceNumber(), first.approximateArrivalTimestamp());
      }
      iterator = response.nextShardIterator();
      if (iterator == null) {
        kept.remove(shardId);
        return new End();
      }
      kept.put(shardId, new Kept(from, iterator, clock.instant()));
      if (millisBehind == 0) {
        return new Nothing(0);
      }
      emptyCalls++;
      if (clock.nanoTime() >= deadline) {
        LOG.info(
            "Shard {} of {}: {} empty answers while {} ms behind its newest record; the next poll"
                + " goes on from there",
            shardId,
            shards.streamDescription(),
            emptyCalls,
            millisBehind);
        return new Nothing(millisBehind);
      }
      clock.sleep(EMPTY_CALL_WAIT_MILLIS, "between empty answers of shard " + shardId);
    }
  }

  private String keptIterator(String shardId, ShardPosition from) {
    Kept iterator = kept.get(shardId);
    if (iterator == null
        || !iterator.from().equals(from)
        || !clock.instant().isBefore(iterator.obtainedAt().plus(ITERATOR_REUSE))) {
      kept.remove(shardId);
      return null;
    }
    return iterator.iterator();
  }
}
