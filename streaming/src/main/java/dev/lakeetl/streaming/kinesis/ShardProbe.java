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
 * empty-read-budget}, and keeps the iterator it got to: the next poll of the shard goes on from
 * there instead of starting over, so every poll makes progress however many empty answers lie
 * ahead.
 *
 * <p>When records after the position may have expired (see {@link ShardState#mayHaveExpired}), the
 * probe starts at the last record read instead of after it: if that record is still in the stream,
 * so is everything after it; if it is not, records after it may be lost, which goes to the {@link
 * DataLossLedger}.
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
  private final DataLossLedger losses;
  private final Map<String, Kept> kept = new HashMap<>();

  /**
   * An iterator that goes on from {@code from}, when GetRecords returned it, and the last record
   * read if the probe still has to see it (it started at that record to check it is still there).
   */
  private record Kept(ShardPosition from, String iterator, Instant obtainedAt, String checking) {}

  ShardProbe(
      KinesisShards shards,
      ReadCounters counters,
      SourceClock clock,
      Duration budget,
      DataLossLedger losses) {
    this.shards = Objects.requireNonNull(shards, "shards is null");
    this.counters = Objects.requireNonNull(counters, "counters is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.budget = Objects.requireNonNull(budget, "budget is null");
    this.losses = Objects.requireNonNull(losses, "losses is null");
  }

  /** What a probe found. */
  sealed interface Result permits Found, Nothing, End {}

  /** The first record after the position; the batch reads from it. */
  record Found(String sequenceNumber, Instant arrival) implements Result {}

  /**
   * No record after the position for now: the shard has caught up (MillisBehindLatest 0), or the
   * probe spent its budget on empty answers and the next poll goes on.
   *
   * @param keptUntil what the probe learnt of how long the records after the position stay (see
   *     {@link ShardState#keptUntil()}), or null
   */
  record Nothing(long millisBehindLatest, Instant keptUntil) implements Result {
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
      kept.put(shardId, new Kept(from, iterator, obtainedAt, null));
    }
  }

  /**
   * Looks for the first record after {@code from}.
   *
   * @param check whether to check first that the last record read ({@code from} is after it) is
   *     still in the stream
   * @param cutoff with Trigger.AvailableNow, records that arrived after it count as nothing; else
   *     null
   * @throws KinesisReadException when records may be lost and option fail-on-data-loss is true
   */
  Result probe(String shardId, ShardPosition from, boolean check, Instant cutoff) {
    Kept resumed = keptIterator(shardId, from);
    String iterator;
    String checking;
    if (resumed != null) {
      // A kept iterator is younger than four minutes: its records are still there.
      iterator = resumed.iterator();
      checking = resumed.checking();
    } else {
      checking = check ? from.sequenceNumber() : null;
      iterator = startAt(shardId, from, checking);
    }
    boolean fromKept = resumed != null;
    Instant keptUntil = null;
    long deadline = clock.nanoTime() + budget.toNanos();
    int emptyCalls = 0;
    while (true) {
      GetRecordsResponse response;
      try {
        response = shards.records(shardId, iterator, checking == null ? 1 : 2);
      } catch (ExpiredIteratorException e) {
        checking = check ? from.sequenceNumber() : null;
        iterator = startAt(shardId, from, checking);
        fromKept = false;
        continue;
      } catch (KinesisReadException e) {
        if (!fromKept) {
          throw e;
        }
        // A kept iterator the service no longer accepts (it restarted, say): start over.
        LOG.info("Shard {}: the kept iterator failed ({}); starting over", shardId, e.getMessage());
        checking = check ? from.sequenceNumber() : null;
        iterator = startAt(shardId, from, checking);
        fromKept = false;
        continue;
      }
      fromKept = false;
      counters.fetched(response);
      List<Record> records = response.records();
      long millisBehind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
      if (checking != null && !records.isEmpty()) {
        Record first = records.get(0);
        if (first.sequenceNumber().equals(checking)) {
          keptUntil = first.approximateArrivalTimestamp().plus(ShardState.MIN_RETENTION);
          records = records.subList(1, records.size());
        } else {
          kept.remove(shardId);
          losses.detected(DataLoss.afterLastRead(shardId, checking, first.sequenceNumber()));
        }
        checking = null;
      }
      if (!records.isEmpty()) {
        kept.remove(shardId);
        Record first = records.get(0);
        if (cutoff != null && first.approximateArrivalTimestamp().isAfter(cutoff)) {
          return new Nothing(millisBehind, keptUntil);
        }
        return new Found(first.sequenceNumber(), first.approximateArrivalTimestamp());
      }
      iterator = response.nextShardIterator();
      if (iterator == null || millisBehind == 0) {
        if (checking != null) {
          // Not even the last record read is there, and nothing after it.
          losses.detected(DataLoss.afterLastRead(shardId, checking, null));
          checking = null;
        }
        if (iterator == null) {
          kept.remove(shardId);
          return new End();
        }
        kept.put(shardId, new Kept(from, iterator, clock.instant(), null));
        // Caught up: whatever comes after the position arrives from now on.
        return new Nothing(
            0, ShardState.later(keptUntil, clock.instant().plus(ShardState.MIN_RETENTION)));
      }
      kept.put(shardId, new Kept(from, iterator, clock.instant(), checking));
      emptyCalls++;
      if (clock.nanoTime() >= deadline) {
        LOG.info(
            "Shard {} of {}: {} empty answers while {} ms behind its newest record; the next poll"
                + " goes on from there",
            shardId,
            shards.streamDescription(),
            emptyCalls,
            millisBehind);
        return new Nothing(millisBehind, keptUntil);
      }
      clock.sleep(EMPTY_CALL_WAIT_MILLIS, "between empty answers of shard " + shardId);
    }
  }

  /**
   * A new iterator at {@code from}, or at {@code checking} (the last record read, to see that it is
   * still there); drops the shard's kept iterator.
   */
  private String startAt(String shardId, ShardPosition from, String checking) {
    kept.remove(shardId);
    return shards.iterator(shardId, checking == null ? from : ShardPosition.at(checking));
  }

  private Kept keptIterator(String shardId, ShardPosition from) {
    Kept iterator = kept.get(shardId);
    if (iterator == null
        || !iterator.from().equals(from)
        || !clock.instant().isBefore(iterator.obtainedAt().plus(ITERATOR_REUSE))) {
      kept.remove(shardId);
      return null;
    }
    return iterator;
  }
}
