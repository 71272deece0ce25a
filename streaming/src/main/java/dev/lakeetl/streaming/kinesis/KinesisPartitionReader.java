package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
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
 * Reads one shard's part of a batch in a task, fetching each record once.
 *
 * <p>The first run of a batch reads from the partition's start until max-records-per-shard records,
 * the shard's newest record (MillisBehindLatest 0), the end of a closed shard or the
 * Trigger.AvailableNow cutoff, and records where it stopped in the checkpoint once it has read to
 * that point. Any later run of the batch (after a crash, a retry, a second action over the same
 * batch) finds that record and reads exactly up to it, whatever GetRecords returns beyond, so every
 * run yields the same rows. A batch planned by a build that read ahead on the driver is read up to
 * its logged last record the same way.
 */
final class KinesisPartitionReader implements PartitionReader<InternalRow> {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisPartitionReader.class);

  /** Empty answers with nothing behind (millisBehind 0) before a known range is unreachable. */
  private static final int MAX_EMPTY_CALLS = 50;

  private final KinesisInputPartition partition;
  private final SourceClock clock;
  private final KinesisShards shards;
  private final ReadEndStore ends;
  private final UTF8String stream;
  private final UTF8String shardId;

  /** Where the read must stop (a re-run, or a batch planned by reading ahead); null: first run. */
  private final Bound bound;

  private ShardPosition position;
  private String iterator;
  private Iterator<Record> buffer = Collections.emptyIterator();
  private GetRecordsResponse page;
  private boolean finished;
  private int emptyCalls;
  private long emptySinceNanos = -1;
  private long rows;
  private String firstSequenceNumber;
  private Instant lastArrival;
  private long calls;
  private long fetchedRecords;
  private long fetchedBytes;
  private long recordBytes;
  private InternalRow current;

  /** The end a read must reach, and how many records lie before it when known (else -1). */
  private record Bound(ShardPosition end, long records) {}

  KinesisPartitionReader(
      KinesisInputPartition partition,
      KinesisClientFactory clients,
      SourceClock clock,
      Configuration hadoopConf) {
    this.partition = Objects.requireNonNull(partition, "partition is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.stream = UTF8String.fromString(partition.conf().stream());
    this.shardId = UTF8String.fromString(partition.shardId());
    this.position = partition.position();
    this.ends = new ReadEndStore(partition.checkpointLocation(), hadoopConf);
    if (partition.isReadAhead()) {
      this.bound = new Bound(partition.end(), -1);
    } else {
      Optional<ReadEnd> recorded = ends.find(partition.read(), partition.shardId());
      this.bound =
          recorded
              .filter(end -> end.readFrom().equals(partition.readFrom()))
              .map(end -> new Bound(end.end(), end.records()))
              .orElse(null);
    }
    this.shards = new KinesisShards(partition.conf(), clients, clock);
    if (bound != null && bound.records() == 0) {
      // The first run found nothing: neither may this one.
      finished = true;
      return;
    }
    try {
      this.iterator = shards.iterator(partition.shardId(), partition.readFrom());
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
        if (bound != null && isPastEnd(record)) {
          finished = true;
          return false;
        }
        if (bound == null && isAfterCutoff(record)) {
          finish(ReadEnd.Stop.CUTOFF);
          return false;
        }
        emit(record);
        if (bound != null) {
          finished = isEnd(record);
        } else if (rows >= partition.conf().maxRecordsPerShard()) {
          finish(millisBehind() > 0 ? ReadEnd.Stop.LIMIT : ReadEnd.Stop.CAUGHT_UP);
        }
        return true;
      }
      if (bound == null && page != null) {
        // A first run stops after a page that ends the shard or reaches its newest record.
        if (iterator == null) {
          position = ShardPosition.shardEnd();
          finish(ReadEnd.Stop.SHARD_END);
          continue;
        }
        if (millisBehind() == 0) {
          finish(ReadEnd.Stop.CAUGHT_UP);
          continue;
        }
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
        "Read {} records from shard {} of {} ({} from {} to {}{}) in {} GetRecords calls",
        rows,
        partition.shardId(),
        shards.streamDescription(),
        bound == null ? "first run" : "re-run",
        partition.readFrom(),
        position,
        finished ? "" : ", not to its end",
        calls);
    shards.close();
  }

  private void emit(Record record) {
    position = ShardPosition.after(record.sequenceNumber());
    if (firstSequenceNumber == null) {
      firstSequenceNumber = record.sequenceNumber();
    }
    lastArrival = record.approximateArrivalTimestamp();
    byte[] data = record.data().asByteArray();
    recordBytes += data.length;
    current = toRow(record, data);
    rows++;
  }

  private void fetch() {
    if (iterator == null) {
      if (bound != null && !bound.end().isShardEnd()) {
        throw unreachable("the shard ended first");
      }
      position = ShardPosition.shardEnd();
      finish(ReadEnd.Stop.SHARD_END);
      return;
    }
    GetRecordsResponse response;
    try {
      response = shards.records(partition.shardId(), iterator, limit());
    } catch (ExpiredIteratorException e) {
      iterator = shards.iterator(partition.shardId(), rows == 0 ? partition.readFrom() : position);
      return;
    }
    calls++;
    for (Record record : response.records()) {
      fetchedRecords++;
      fetchedBytes += record.data().asByteArrayUnsafe().length;
    }
    page = response;
    iterator = response.nextShardIterator();
    buffer = response.records().iterator();
    if (!response.records().isEmpty()) {
      emptyCalls = 0;
      emptySinceNanos = -1;
      return;
    }
    if (iterator == null) {
      return;
    }
    if (millisBehind() > 0) {
      // Newer records lie ahead, maybe beyond many empty answers (AWS documents that several
      // calls may be needed): ask again, within the shard's 5 calls per second. A first run ends
      // when its budget is spent; the driver's next poll goes on from its iterator.
      if (emptySinceNanos < 0) {
        emptySinceNanos = clock.nanoTime();
      } else if (bound == null
          && clock.nanoTime() - emptySinceNanos >= partition.conf().emptyReadBudget().toNanos()) {
        finish(ReadEnd.Stop.EMPTY_PAGES);
        return;
      }
      clock.sleep(
          ShardProbe.EMPTY_CALL_WAIT_MILLIS,
          "between empty answers of shard " + partition.shardId());
      return;
    }
    if (bound != null) {
      // The first run read these records, so they are there: an empty answer is a gap.
      if (++emptyCalls > MAX_EMPTY_CALLS) {
        throw unreachable("GetRecords kept returning nothing");
      }
      clock.sleep(ShardProbe.EMPTY_CALL_WAIT_MILLIS, "while reading shard " + partition.shardId());
    }
  }

  /** The records to ask for: what is left of the record limit, or of the range being re-read. */
  private int limit() {
    long left =
        bound == null
            ? partition.conf().maxRecordsPerShard() - rows
            : bound.records() > 0 ? bound.records() - rows : partition.conf().maxRecordsPerShard();
    return (int) Math.max(1, Math.min(left, KinesisShards.MAX_RECORDS_PER_CALL));
  }

  private long millisBehind() {
    Long millis = page == null ? null : page.millisBehindLatest();
    return millis == null ? 0 : millis;
  }

  /** Ends a first run: records where it stopped, unless this is a re-run. */
  private void finish(ReadEnd.Stop stop) {
    finished = true;
    if (bound != null) {
      return;
    }
    ReadEnd end =
        new ReadEnd(
            partition.shardId(),
            partition.readFrom(),
            firstSequenceNumber,
            position,
            rows,
            stop,
            stop == ReadEnd.Stop.SHARD_END ? 0 : millisBehind(),
            lastArrival,
            clock.instant(),
            calls,
            fetchedRecords,
            fetchedBytes,
            recordBytes,
            stop == ReadEnd.Stop.SHARD_END ? null : iterator);
    ReadEnd recorded = ends.record(partition.read(), end);
    if (!recorded.sameRange(end)) {
      throw new KinesisReadException(
          String.format(
              "Cannot finish reading shard %s of %s for batch read %d: another run of this batch"
                  + " read %d records from %s to %s, this one %d to %s (Spark retries the task,"
                  + " which then reads what the other run read)",
              partition.shardId(),
              shards.streamDescription(),
              partition.read(),
              recorded.records(),
              recorded.readFrom(),
              recorded.end(),
              rows,
              position));
    }
  }

  private boolean isAfterCutoff(Record record) {
    return partition.cutoff() != null
        && record.approximateArrivalTimestamp() != null
        && record.approximateArrivalTimestamp().isAfter(partition.cutoff());
  }

  private boolean isEnd(Record record) {
    return !bound.end().isShardEnd()
        && ShardPosition.compareSequenceNumbers(
                record.sequenceNumber(), bound.end().sequenceNumber())
            == 0;
  }

  private boolean isPastEnd(Record record) {
    return !bound.end().isShardEnd()
        && ShardPosition.compareSequenceNumbers(
                record.sequenceNumber(), bound.end().sequenceNumber())
            > 0;
  }

  private InternalRow toRow(Record record, byte[] data) {
    Instant arrival = record.approximateArrivalTimestamp();
    return new GenericInternalRow(
        new Object[] {
          data,
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
            "Cannot read shard %s of %s up to %s (the end of this batch): %s after %s; the"
                + " records may have expired past the stream's retention period",
            partition.shardId(), shards.streamDescription(), bound.end(), reason, position));
  }
}
