package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batch stream of one Kinesis stream. Thin on purpose: {@link ShardPlanner} decides which
 * shards a batch reads, {@link ShardReadAhead} finds each shard's end, {@link
 * KinesisPartitionReader} reads the range in a task.
 *
 * <p>Exactly-once with the checkpoint: every end offset names, per shard, the last sequence number
 * of the batch (or SHARD_END); the start is the previous batch's end, or the initial offset kept in
 * the checkpoint. A batch re-run after a crash reads the same records from the same offsets.
 */
final class KinesisMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisMicroBatchStream.class);

  private final KinesisReadConf conf;
  private final KinesisClientFactory clients;
  private final SourceClock clock;
  private final InitialOffsetStore initialOffsets;
  private final KinesisShards shards;
  private final ShardReadAhead readAhead;
  private Instant availableNowCutoff;
  private long lastPollNanos;
  private boolean lastPollFoundRecords = true;
  private long maxMillisBehindLatest;
  private int shardCount;
  private int openShardCount;

  KinesisMicroBatchStream(
      KinesisReadConf conf, String checkpointLocation, Configuration hadoopConf) {
    this(conf, checkpointLocation, hadoopConf, KinesisClientFactory.STANDARD, SourceClock.SYSTEM);
  }

  /**
   * @param clients creates the Kinesis client of the driver and of every task
   * @param clock the time the driver and the tasks read and wait on
   */
  KinesisMicroBatchStream(
      KinesisReadConf conf,
      String checkpointLocation,
      Configuration hadoopConf,
      KinesisClientFactory clients,
      SourceClock clock) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
    this.clients = Objects.requireNonNull(clients, "clients is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.initialOffsets = new InitialOffsetStore(checkpointLocation, hadoopConf);
    this.shards = new KinesisShards(conf, clients, clock);
    this.readAhead = new ShardReadAhead(shards);
  }

  @Override
  public Offset initialOffset() {
    return initialOffsets.getOrCreate(
        () -> {
          List<ShardInfo> listed = shards.list();
          // LATEST is pinned to the query's start time: re-run, it still means the same records.
          ShardPosition position =
              switch (conf.startingPosition()) {
                case TRIM_HORIZON -> ShardPosition.trimHorizon();
                case LATEST -> ShardPosition.atTimestamp(clock.instant());
                case AT_TIMESTAMP -> ShardPosition.atTimestamp(conf.atTimestamp());
              };
          LOG.info(
              "Starting {} with {} shards at {}",
              shards.streamDescription(),
              listed.size(),
              position);
          return ShardPlanner.initialOffset(conf.stream(), listed, position);
        });
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    // The bound is max-records-per-shard, applied per shard by the read-ahead.
    return ReadLimit.allAvailable();
  }

  @Override
  public void prepareForTriggerAvailableNow() {
    availableNowCutoff = clock.instant();
    LOG.info("Trigger.AvailableNow: reading records that arrived up to {}", availableNowCutoff);
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException(
        "latestOffset(Offset, ReadLimit) must be called instead of latestOffset()");
  }

  @Override
  public Offset latestOffset(Offset startOffset, ReadLimit limit) {
    KinesisOffset start = (KinesisOffset) startOffset;
    awaitIdlePollInterval();
    List<ShardInfo> listed = shards.list();
    Map<String, ShardPosition> end = ShardPlanner.carriedOver(start, listed);
    List<ShardInfo> readable = ShardPlanner.readable(start, listed);
    long records = 0;
    long maxBehind = 0;
    for (ShardInfo shard : readable) {
      ShardReadAhead.End shardEnd =
          readAhead.find(
              shard.shardId(),
              ShardPlanner.startOf(start, shard.shardId()),
              conf.maxRecordsPerShard(),
              availableNowCutoff);
      end.put(shard.shardId(), shardEnd.end());
      records += shardEnd.records();
      maxBehind = Math.max(maxBehind, shardEnd.millisBehindLatest());
    }
    maxMillisBehindLatest = maxBehind;
    lastPollFoundRecords = records > 0;
    lastPollNanos = clock.nanoTime();
    shardCount = listed.size();
    openShardCount = (int) listed.stream().filter(shard -> !shard.closed()).count();
    KinesisOffset next = new KinesisOffset(conf.stream(), end);
    if (records > 0 || !next.equals(start)) {
      LOG.info(
          "Next batch of {}: {} records from {} readable of {} shards ({} open), {} ms behind"
              + " latest",
          shards.streamDescription(),
          records,
          readable.size(),
          listed.size(),
          openShardCount,
          maxBehind);
    }
    return next;
  }

  /**
   * Spark polls again 10 ms after finding no new data; an idle stream would then cost hundreds of
   * calls per second per shard. Waits here (rather than answering "nothing new" without asking) so
   * a poll always sees what has arrived.
   */
  private void awaitIdlePollInterval() {
    if (lastPollFoundRecords) {
      return;
    }
    long waitNanos = conf.idlePollInterval().toNanos() - (clock.nanoTime() - lastPollNanos);
    if (waitNanos > 0) {
      clock.sleep(
          TimeUnit.NANOSECONDS.toMillis(waitNanos), "while waiting for new Kinesis records");
    }
  }

  @Override
  public InputPartition[] planInputPartitions(Offset startOffset, Offset endOffset) {
    KinesisOffset start = (KinesisOffset) startOffset;
    KinesisOffset end = (KinesisOffset) endOffset;
    List<InputPartition> partitions = new ArrayList<>();
    end.shards()
        .forEach(
            (shardId, endPosition) -> {
              ShardPosition from = ShardPlanner.startOf(start, shardId);
              if (!from.equals(endPosition)) {
                partitions.add(new KinesisInputPartition(conf, shardId, from, endPosition));
              }
            });
    return partitions.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new KinesisPartitionReaderFactory(clients, clock);
  }

  @Override
  public Offset deserializeOffset(String json) {
    KinesisOffset offset = KinesisOffset.fromJson(json);
    if (!offset.stream().equals(conf.stream())) {
      throw new KinesisReadException(
          String.format(
              "Cannot resume from the checkpoint: its offsets are for Kinesis stream '%s', but"
                  + " option '%s' is '%s' (use a new checkpoint location for another stream)",
              offset.stream(), KinesisReadOptions.STREAM, conf.stream()));
    }
    return offset;
  }

  @Override
  public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    return Map.of(
        "maxMillisBehindLatest", Long.toString(maxMillisBehindLatest),
        "shards", Integer.toString(shardCount),
        "openShards", Integer.toString(openShardCount));
  }

  @Override
  public void commit(Offset end) {
    // Nothing to do: Kinesis keeps no consumer state; the offsets live in the checkpoint.
  }

  @Override
  public void stop() {
    shards.close();
  }

  @Override
  public String toString() {
    return "KinesisMicroBatchStream[" + conf.stream() + "]";
  }
}
