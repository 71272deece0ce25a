package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Reads one shard's part of a batch in a task, fetching each record once.
 *
 * <p>The first run of a batch reads from the partition's start until max-records-per-shard records,
 * the shard's newest record (MillisBehindLatest 0), the end of a closed shard, the
 * Trigger.AvailableNow cutoff, or until empty answers while the shard has newer records take up
 * {@code empty-read-budget}; once it has read to that point it records where it stopped in the
 * checkpoint. Any later run of the batch (after a crash, a retry, a second action over the same
 * batch) finds that record and reads exactly up to it, whatever GetRecords returns beyond, so every
 * run yields the same rows. A batch planned by a build that read ahead on the driver is read up to
 * its logged last record the same way.
 *
 * <p>Records that expired past the retention period before the read reached them (the first record
 * is not the one the read must start with, or the shard is gone) fail the task with option
 * fail-on-data-loss true; with false they are skipped and recorded for the driver to report.
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

  /** The record the read must start with, when known; checked against the first one read. */
  private final String expectedFirst;

  private final List<DataLoss> lost = new ArrayList<>();
  private ShardPosition position;
  private boolean started;
  private String iterator;
  private Iterator<Record> buffer = Collections.emptyIterator();
  private GetRecordsResponse page;
  private boolean finished;
  private int emptyCalls;
  private long emptySinceNanos = -1;
  private long rows;
  private boolean firstChecked;
  private String firstSequenceNumber;
  private Instant lastArrival;
  private long calls;
  private long fetchedRecords;
  private long fetchedBytes;
  private long recordBytes;
  private InternalRow current;

  /**
   * The end a read must reach: how many records lie before it and the first of them when known
   * (else -1 and null).
   */
  private record Bound(ShardPosition end, long records, String first) {}

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
      this.bound = new Bound(partition.end(), -1, null);
    } else {
      Optional<ReadEnd> recorded = ends.find(partition.read(), partition.shardId());
      this.bound =
          recorded
              .filter(end -> end.readFrom().equals(partition.readFrom()))
              .map(end -> new Bound(end.end(), end.records(), end.firstSequenceNumber()))
              .orElse(null);
    }
    if (bound != null && bound.first() != null) {
      this.expectedFirst = bound.first();
    } else if (partition.readFrom().type() == ShardPosition.Type.AT_SEQUENCE_NUMBER) {
      this.expectedFirst = partition.readFrom().sequenceNumber();
    } else {
      this.expectedFirst = null;
    }
    this.shards = new KinesisShards(partition.conf(), clients, clock);
    // The first run found nothing: neither may this one.
    finished = bound != null && bound.records() == 0;
  }

  @Override
  public boolean next() {
    while (!finished) {
      if (buffer.hasNext()) {
        Record record = buffer.next();
        if (!firstChecked) {
          firstChecked = true;
          if (!isExpectedFirst(record)) {
            continue;
          }
        }
        if (bound != null && isPastEnd(record)) {
          end();
          return false;
        }
        if (bound == null && isAfterCutoff(record)) {
          finish(ReadEnd.Stop.CUTOFF);
          return false;
        }
        emit(record);
        if (bound != null) {
          if (isEnd(record)) {
            end();
          }
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

  /**
   * Whether the first record read is the one the read must start with; if a later one comes first,
   * the records before it expired: a data loss. Returns whether to read on from it.
   */
  private boolean isExpectedFirst(Record record) {
    if (expectedFirst == null || record.sequenceNumber().equals(expectedFirst)) {
      return legacyRangeReachable(record);
    }
    if (bound == null) {
      lost(
          DataLoss.foundRecordExpired(partition.shardId(), expectedFirst, record.sequenceNumber()));
      return true;
    }
    if (isPastEnd(record)) {
      lost(
          DataLoss.reRunExpired(
              partition.shardId(), partition.read(), expectedFirst, bound.end().sequenceNumber()));
      end();
      return false;
    }
    lost(
        DataLoss.reRunPartlyExpired(
            partition.shardId(), partition.read(), expectedFirst, record.sequenceNumber()));
    return true;
  }

  /** A batch planned by reading ahead whose first record is past its end lost all its records. */
  private boolean legacyRangeReachable(Record record) {
    if (partition.isReadAhead() && isPastEnd(record)) {
      lost(readAheadRangeExpired());
      end();
      return false;
    }
    return true;
  }

  private DataLoss readAheadRangeExpired() {
    return DataLoss.readAheadExpired(partition.shardId(), partition.readFrom(), bound.end());
  }

  private void fetch() {
    if (!started) {
      started = true;
      iterator = iterator(partition.readFrom());
      if (finished) {
        return;
      }
    }
    if (iterator == null) {
      if (bound != null && !bound.end().isShardEnd()) {
        nothingLeft("the shard ended first");
        return;
      }
      position = ShardPosition.shardEnd();
      finish(ReadEnd.Stop.SHARD_END);
      return;
    }
    GetRecordsResponse response;
    try {
      response = shards.records(partition.shardId(), iterator, limit());
    } catch (ExpiredIteratorException e) {
      iterator = iterator(rows == 0 ? partition.readFrom() : position);
      return;
    } catch (KinesisReadException e) {
      endIfShardExpired(e);
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
    if (bound == null) {
      if (!firstChecked && expectedFirst != null) {
        // The record a poll found is gone, and nothing came after it.
        firstChecked = true;
        lost(DataLoss.foundRecordExpired(partition.shardId(), expectedFirst, null));
      }
      return;
    }
    // The first run read these records, so they are there: an empty answer is a gap.
    if (++emptyCalls > MAX_EMPTY_CALLS) {
      nothingLeft("GetRecords kept returning nothing");
      return;
    }
    clock.sleep(ShardProbe.EMPTY_CALL_WAIT_MILLIS, "while reading shard " + partition.shardId());
  }

  /** An iterator at {@code from}; null, with the read ended, when the shard has expired. */
  private String iterator(ShardPosition from) {
    try {
      return shards.iterator(partition.shardId(), from);
    } catch (KinesisReadException e) {
      endIfShardExpired(e);
      return null;
    }
  }

  /**
   * Ends the read when Kinesis says the shard does not exist and the stream lists it no more: it
   * expired with the records this read was to read. Otherwise (another failure, or the stream is
   * gone) {@code failure} stands and is rethrown.
   */
  private void endIfShardExpired(KinesisReadException failure) {
    if (!(failure.getCause() instanceof ResourceNotFoundException)) {
      throw failure;
    }
    boolean listed;
    try {
      listed =
          shards.list().stream().anyMatch(shard -> shard.shardId().equals(partition.shardId()));
    } catch (KinesisReadException e) {
      throw failure;
    }
    if (listed) {
      throw failure;
    }
    lost(DataLoss.reRunShardExpired(partition.shardId(), partition.read(), partition.readFrom()));
    position = ShardPosition.shardEnd();
    if (bound == null) {
      finish(ReadEnd.Stop.SHARD_END);
    } else {
      end();
    }
  }

  /** A re-run that cannot reach its end: a loss if it found none of its records, else an error. */
  private void nothingLeft(String reason) {
    if (rows > 0) {
      throw unreachable(reason);
    }
    lost(
        bound.first() == null
            ? readAheadRangeExpired()
            : DataLoss.reRunExpired(
                partition.shardId(),
                partition.read(),
                bound.first(),
                bound.end().isShardEnd() ? "the shard's end" : bound.end().sequenceNumber()));
    end();
  }

  /** Records expired before this read reached them: fail the task, or skip them. */
  private void lost(DataLoss loss) {
    if (partition.conf().failOnDataLoss()) {
      throw loss.toException(shards.streamDescription());
    }
    if (partition.isReadAhead()) {
      // No recorded read to report it through: this is the only account of it.
      LOG.warn(
          "Skipped lost records (option '{}' is false): {}",
          KinesisReadOptions.FAIL_ON_DATA_LOSS,
          loss.describe(shards.streamDescription()));
    } else {
      LOG.info(
          "Skipping lost records, reported by the driver: {}",
          loss.describe(shards.streamDescription()));
    }
    lost.add(loss);
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

  /** Ends a re-run (its end is recorded already); records the losses it skipped. */
  private void end() {
    finished = true;
    if (!lost.isEmpty() && !partition.isReadAhead()) {
      ends.recordLost(partition.read(), partition.shardId(), lost);
    }
  }

  /** Ends a first run: records where it stopped. */
  private void finish(ReadEnd.Stop stop) {
    finished = true;
    if (bound != null) {
      end();
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
            stop == ReadEnd.Stop.SHARD_END ? null : iterator,
            lost);
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
    return compareToEnd(record) == 0;
  }

  private boolean isPastEnd(Record record) {
    return compareToEnd(record) > 0;
  }

  /**
   * Where the record lies against the bound's last record; before it when the bound is SHARD_END.
   */
  private int compareToEnd(Record record) {
    return bound.end().isShardEnd()
        ? -1
        : ShardPosition.compareSequenceNumbers(
            record.sequenceNumber(), bound.end().sequenceNumber());
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
