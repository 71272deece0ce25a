package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Finds out on the driver whether a shard has a record after its position, reading at most one
 * record. The driver asks only for shards whose last read did not stop at the record limit (those
 * have records waiting), so a batch is planned only when there is something to read, and the task
 * then reads every record of the batch once. The record found is where the batch's read starts.
 */
final class ShardProbe {
  /**
   * Empty GetRecords answers tolerated while the shard reports newer records (millisBehind > 0).
   */
  private static final int MAX_EMPTY_CALLS = 10;

  private final KinesisShards shards;
  private final ReadCounters counters;

  ShardProbe(KinesisShards shards, ReadCounters counters) {
    this.shards = Objects.requireNonNull(shards, "shards is null");
    this.counters = Objects.requireNonNull(counters, "counters is null");
  }

  /** What a probe found. */
  sealed interface Result permits Found, Nothing, End {}

  /** The first record after the position; the batch reads from it. */
  record Found(String sequenceNumber, Instant arrival) implements Result {}

  /** No record after the position for now. */
  record Nothing(long millisBehindLatest) implements Result {}

  /** A closed shard already read to its end. */
  record End() implements Result {}

  /**
   * Looks for the first record after {@code from}.
   *
   * @param cutoff with Trigger.AvailableNow, records that arrived after it count as nothing; else
   *     null
   */
  Result probe(String shardId, ShardPosition from, Instant cutoff) {
    String iterator = shards.iterator(shardId, from);
    int emptyCalls = 0;
    while (true) {
      GetRecordsResponse response;
      try {
        response = shards.records(shardId, iterator, 1);
      } catch (ExpiredIteratorException e) {
        iterator = shards.iterator(shardId, from);
        continue;
      }
      counters.fetched(response);
      List<Record> records = response.records();
      long millisBehind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
      if (!records.isEmpty()) {
        Record first = records.get(0);
        if (cutoff != null && first.approximateArrivalTimestamp().isAfter(cutoff)) {
          return new Nothing(millisBehind);
        }
        return new Found(first.sequenceNumber(), first.approximateArrivalTimestamp());
      }
      iterator = response.nextShardIterator();
      if (iterator == null) {
        return new End();
      }
      if (millisBehind == 0 || ++emptyCalls >= MAX_EMPTY_CALLS) {
        return new Nothing(millisBehind);
      }
    }
  }
}
