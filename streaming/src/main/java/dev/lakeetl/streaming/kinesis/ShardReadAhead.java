package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Finds where a shard's next batch ends by reading it ahead on the driver.
 *
 * <p>Why read ahead: Spark writes a batch's end offset to the offset log before any task runs, and
 * re-runs a failed batch from the same start and end. A Kinesis sequence number cannot be computed
 * (only read), so the only end that makes a re-run read exactly the same records is the sequence
 * number of the last record the batch will contain. The driver therefore reads up to {@code
 * max-records-per-shard} records (keeping only their sequence numbers) and the task reads the same
 * range again. The price is a second read of each record, counted against the shard's read
 * throughput.
 */
final class ShardReadAhead {
  /** Empty GetRecords answers tolerated while the shard reports unread data (millisBehind > 0). */
  private static final int MAX_EMPTY_CALLS = 10;

  private final KinesisShards shards;

  ShardReadAhead(KinesisShards shards) {
    this.shards = Objects.requireNonNull(shards, "shards is null");
  }

  /**
   * The batch end of one shard.
   *
   * @param end the position after the last record of the batch: {@code from} when there is nothing
   *     new, SHARD_END when a closed shard was read to its end
   * @param records the records between {@code from} and {@code end}
   * @param millisBehindLatest how far the end is behind the shard's newest record
   */
  record End(ShardPosition end, int records, long millisBehindLatest) {}

  /**
   * Reads from {@code from} up to {@code maxRecords} records, stopping before the first record that
   * arrived after {@code cutoff} (null: no cutoff; set by Trigger.AvailableNow).
   */
  End find(String shardId, ShardPosition from, int maxRecords, Instant cutoff) {
    ShardPosition end = from;
    int read = 0;
    int emptyCalls = 0;
    long millisBehind = 0;
    String iterator = shards.iterator(shardId, from);
    while (iterator != null && read < maxRecords) {
      GetRecordsResponse response;
      try {
        response = shards.records(shardId, iterator, maxRecords - read);
      } catch (ExpiredIteratorException e) {
        iterator = shards.iterator(shardId, end);
        continue;
      }
      List<Record> records = response.records();
      millisBehind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
      for (Record record : records) {
        if (cutoff != null && record.approximateArrivalTimestamp().isAfter(cutoff)) {
          return new End(end, read, millisBehind);
        }
        end = ShardPosition.after(record.sequenceNumber());
        read++;
      }
      iterator = response.nextShardIterator();
      if (iterator == null) {
        // A closed shard read to its end: its children may start in the following batch.
        return new End(ShardPosition.shardEnd(), read, 0);
      }
      if (records.isEmpty() && (millisBehind == 0 || ++emptyCalls >= MAX_EMPTY_CALLS)) {
        break;
      }
    }
    return new End(end, read, millisBehind);
  }
}
