package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard range in a task: from the partition's start up to and including its end sequence
 * number, or to the end of a closed shard. It stops exactly there, whatever GetRecords returns
 * beyond, so a re-run of the batch yields the same rows.
 */
final class KinesisPartitionReader implements PartitionReader<InternalRow> {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisPartitionReader.class);

  /** Empty answers with nothing behind (millisBehind 0) before the range counts as unreachable. */
  private static final int MAX_EMPTY_CALLS = 50;

  private static final long EMPTY_CALL_WAIT_MILLIS = 200;

  private final KinesisInputPartition partition;
  private final SourceClock clock;
  private final KinesisShards shards;
  private final UTF8String stream;
  private final UTF8String shardId;
  private ShardPosition position;
  private String iterator;
  private Iterator<Record> buffer = Collections.emptyIterator();
  private boolean finished;
  private int emptyCalls;
  private long rows;
  private InternalRow current;

  KinesisPartitionReader(
      KinesisInputPartition partition, KinesisClientFactory clients, SourceClock clock) {
    this.partition = Objects.requireNonNull(partition, "partition is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.shards = new KinesisShards(partition.conf(), clients, clock);
    this.stream = UTF8String.fromString(partition.conf().stream());
    this.shardId = UTF8String.fromString(partition.shardId());
    this.position = partition.start();
    try {
      this.iterator = shards.iterator(partition.shardId(), position);
    } catch (RuntimeException e) {
      shards.close();
      throw e;
    }
  }

  @Override
  public boolean next() {
    while (!finished) {
      if (buffer.hasNext()) {
        Record record = buffer.next();
        if (isPastEnd(record)) {
          finished = true;
          return false;
        }
        position = ShardPosition.after(record.sequenceNumber());
        current = toRow(record);
        rows++;
        finished = isEnd(record);
        return true;
      }
      fetch();
    }
    return false;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {
    LOG.info(
        "Read {} records from shard {} of {} ({} to {})",
        rows,
        partition.shardId(),
        shards.streamDescription(),
        partition.start(),
        partition.end());
    shards.close();
  }

  private void fetch() {
    if (iterator == null) {
      if (!partition.end().isShardEnd()) {
        throw unreachable("the shard ended first");
      }
      finished = true;
      return;
    }
    GetRecordsResponse response;
    try {
      response =
          shards.records(partition.shardId(), iterator, partition.conf().maxRecordsPerShard());
    } catch (ExpiredIteratorException e) {
      iterator = shards.iterator(partition.shardId(), position);
      return;
    }
    iterator = response.nextShardIterator();
    buffer = response.records().iterator();
    if (!response.records().isEmpty()) {
      emptyCalls = 0;
      return;
    }
    Long millisBehind = response.millisBehindLatest();
    if (iterator != null && (millisBehind == null || millisBehind == 0)) {
      // The driver saw these records, so they are there: an empty answer is a gap in the shard.
      if (++emptyCalls > MAX_EMPTY_CALLS) {
        throw unreachable("GetRecords kept returning nothing");
      }
      clock.sleep(EMPTY_CALL_WAIT_MILLIS, "while reading shard " + partition.shardId());
    }
  }

  private boolean isEnd(Record record) {
    return !partition.end().isShardEnd()
        && ShardPosition.compareSequenceNumbers(
                record.sequenceNumber(), partition.end().sequenceNumber())
            == 0;
  }

  private boolean isPastEnd(Record record) {
    return !partition.end().isShardEnd()
        && ShardPosition.compareSequenceNumbers(
                record.sequenceNumber(), partition.end().sequenceNumber())
            > 0;
  }

  private InternalRow toRow(Record record) {
    Instant arrival = record.approximateArrivalTimestamp();
    return new GenericInternalRow(
        new Object[] {
          record.data().asByteArray(),
          stream,
          shardId,
          UTF8String.fromString(record.sequenceNumber()),
          UTF8String.fromString(record.partitionKey()),
          arrival == null ? null : arrival.getEpochSecond() * 1_000_000L + arrival.getNano() / 1_000
        });
  }

  private KinesisReadException unreachable(String reason) {
    return new KinesisReadException(
        String.format(
            "Cannot read shard %s of %s up to %s (the end of this batch in the offset log): %s"
                + " after %s; the records may have expired past the stream's retention period",
            partition.shardId(), shards.streamDescription(), partition.end(), reason, position));
  }
}
