package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batch stream of one Kinesis stream. {@link ShardPlanner} decides which shards a batch
 * may read, {@link ShardProbe} finds which of them have records, {@link KinesisPartitionReader}
 * reads them in the tasks, which record where they stopped in the checkpoint ({@link
 * ReadEndStore}).
 *
 * <p>Exactly-once with the checkpoint: a batch's offset names, per shard it reads, where the read
 * starts; its tasks record where they stopped before the batch can commit, a re-run of the batch
 * reads up to those ends, and the next batch starts there. No record is fetched twice for one
 * batch: the driver reads only the first new record of a shard that had nothing to read before.
 */
final class KinesisMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisMicroBatchStream.class);

  /** Reads whose recorded ends are kept behind the last committed one (for diagnosis). */
  static final int RETAINED_READS = 10;

  private final KinesisReadConf conf;
  private final KinesisClientFactory clients;
  private final SourceClock clock;
  private final String checkpointLocation;
  private final SerializableConfiguration hadoopConf;
  private final InitialOffsetStore initialOffsets;
  private final ReadEndStore ends;
  private final CaughtUpStore caughtUp;
  private final KinesisShards shards;
  private final ReadCounters counters = new ReadCounters();
  private final DataLossLedger losses;
  private final ShardProbe probe;
  private Instant availableNowCutoff;
  private long lastPollNanos;
  private boolean lastPollFoundWork = true;
  private long maxMillisBehindLatest;
  private int shardCount;
  private int openShardCount;
  private String resolvedJson;
  private Map<String, ShardStatus> resolved;
  private long countedRead = -1;

  /**
   * What the driver knows of a shard at the start of a batch.
   *
   * @param position where the shard stands
   * @param lastStop why the shard's last read stopped, or null when this batch's start did not read
   *     it (or its end was not recorded)
   * @param millisBehindLatest how far that read ended behind the shard's newest record
   * @param keptUntil until when the records after the position are known to stay, or null
   */
  private record ShardStatus(
      ShardPosition position, ReadEnd.Stop lastStop, long millisBehindLatest, Instant keptUntil) {
    /** The last read stopped at the record limit with more records right after it. */
    boolean hasRecordsWaiting() {
      return lastStop == ReadEnd.Stop.LIMIT && millisBehindLatest > 0;
    }
  }

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
    this.checkpointLocation =
        Objects.requireNonNull(checkpointLocation, "checkpointLocation is null");
    this.hadoopConf = new SerializableConfiguration(hadoopConf);
    this.initialOffsets = new InitialOffsetStore(checkpointLocation, hadoopConf);
    this.ends = new ReadEndStore(checkpointLocation, hadoopConf);
    this.caughtUp = new CaughtUpStore(checkpointLocation, hadoopConf);
    this.shards = new KinesisShards(conf, clients, clock);
    this.losses = new DataLossLedger(conf.failOnDataLoss(), shards.streamDescription(), LOG);
    this.probe = new ShardProbe(shards, counters, clock, conf.emptyReadBudget(), losses);
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
    // The bound is max-records-per-shard, applied per shard by the tasks.
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

  /**
   * The next batch: the shards with something to read and where each read starts, or {@code
   * startOffset} itself when no shard has anything (Spark then runs no batch).
   */
  @Override
  public Offset latestOffset(Offset startOffset, ReadLimit limit) {
    KinesisOffset start = kinesisOffset(startOffset);
    awaitIdlePollInterval();
    Map<String, ShardStatus> statuses = resolve(start);
    Map<String, ShardPosition> positions = new TreeMap<>();
    statuses.forEach((shardId, status) -> positions.put(shardId, status.position()));
    List<ShardInfo> listed = shards.list();
    Map<String, ShardPosition> expired = ShardPlanner.expired(positions, listed);
    // Fails the query here, or skips the shard's lost records; its children are read next.
    expired.forEach(
        (shardId, position) -> losses.detected(DataLoss.shardExpired(shardId, position)));
    Map<String, ShardPosition> next = ShardPlanner.carriedOver(positions, listed);
    List<ShardInfo> readable = ShardPlanner.readable(positions, listed);
    Map<String, ShardPosition> reads = new TreeMap<>();
    Map<String, Instant> keptUntil = new HashMap<>();
    statuses.forEach(
        (shardId, status) -> {
          Instant kept =
              ShardState.later(status.keptUntil(), caughtUp.keptUntil(shardId, status.position()));
          if (kept != null) {
            keptUntil.put(shardId, kept);
          }
        });
    Instant now = clock.instant();
    // An offset without the expired shards, so they are reported once.
    boolean ended = !expired.isEmpty();
    boolean behindPastEmptyAnswers = false;
    int waiting = 0;
    long maxBehind = 0;
    for (ShardInfo shard : readable) {
      String shardId = shard.shardId();
      ShardPosition from = ShardPlanner.startOf(positions, shardId);
      ShardStatus status = statuses.get(shardId);
      // Records after the last one read may have expired: the probe checks it is still there.
      boolean check = ShardState.mayHaveExpired(from, keptUntil.get(shardId), now);
      if (status != null && status.hasRecordsWaiting() && !check) {
        // The last read stopped at the record limit: the next records are there, read them.
        reads.put(shardId, from);
        next.put(shardId, from);
        waiting++;
        maxBehind = Math.max(maxBehind, status.millisBehindLatest());
        continue;
      }
      ShardProbe.Result result = probe.probe(shardId, from, check, availableNowCutoff);
      if (result instanceof ShardProbe.Found found) {
        reads.put(shardId, ShardPosition.at(found.sequenceNumber()));
        next.put(shardId, from);
      } else if (result instanceof ShardProbe.Nothing nothing) {
        if (nothing.caughtUp()) {
          caughtUp.caughtUp(shardId, from, now);
        }
        Instant kept = ShardState.later(keptUntil.get(shardId), nothing.keptUntil());
        if (kept != null) {
          keptUntil.put(shardId, kept);
        }
        maxBehind = Math.max(maxBehind, nothing.millisBehindLatest());
        behindPastEmptyAnswers |= !nothing.caughtUp();
      } else {
        next.put(shardId, ShardPosition.shardEnd());
        ended = true;
      }
    }
    caughtUp.flush();
    maxMillisBehindLatest = maxBehind;
    // A shard still behind empty answers is paged on at the next poll without the idle wait.
    lastPollFoundWork = !reads.isEmpty() || behindPastEmptyAnswers;
    lastPollNanos = clock.nanoTime();
    shardCount = listed.size();
    openShardCount = (int) listed.stream().filter(shard -> !shard.closed()).count();
    if (reads.isEmpty() && !ended) {
      return start;
    }
    Map<String, ShardState> states = new TreeMap<>();
    next.forEach(
        (shardId, position) ->
            states.put(
                shardId,
                new ShardState(
                    position,
                    reads.get(shardId),
                    position.isShardEnd() ? null : keptUntil.get(shardId))));
    KinesisOffset offset = new KinesisOffset(conf.stream(), start.read() + 1, states);
    LOG.info(
        "Batch read {} of {}: {} shards to read ({} with records waiting after the last batch, {}"
            + " found by a probe) of {} ({} open), {} ms behind latest",
        offset.read(),
        shards.streamDescription(),
        reads.size(),
        waiting,
        reads.size() - waiting,
        listed.size(),
        openShardCount,
        maxBehind);
    return offset;
  }

  /**
   * Where every shard stands after the batch that ended at {@code offset}: for the shards it read,
   * where their tasks stopped. Remembered, as Spark asks again with the same offset while there is
   * nothing new.
   */
  private Map<String, ShardStatus> resolve(KinesisOffset offset) {
    String json = offset.json();
    if (json.equals(resolvedJson)) {
      return resolved;
    }
    ReadEndStore.Recorded all =
        offset.reads().isEmpty()
            ? new ReadEndStore.Recorded(Map.of(), List.of())
            : ends.all(offset.read());
    Map<String, ReadEnd> recorded = all.ends();
    Map<String, ShardStatus> statuses = new HashMap<>();
    long records = 0;
    for (Map.Entry<String, ShardState> entry : offset.shards().entrySet()) {
      String shardId = entry.getKey();
      ShardState state = entry.getValue();
      ReadEnd end = state.isRead() ? recorded.get(shardId) : null;
      if (end != null && !end.readFrom().equals(state.readFrom())) {
        end = null;
      }
      if (state.isRead() && end == null) {
        // The batch committed without this shard's read reaching its end (a sink that did not
        // read the whole batch): the next batch reads the range again rather than skip it.
        LOG.warn(
            "The read of shard {} of {} in batch read {} (from {}) has no recorded end: its task"
                + " did not read it to the end; the next batch reads it again",
            shardId,
            shards.streamDescription(),
            offset.read(),
            state.readFrom());
      }
      if (end == null) {
        statuses.put(shardId, new ShardStatus(state.position(), null, 0, state.keptUntil()));
      } else {
        statuses.put(
            shardId,
            new ShardStatus(
                end.end(), end.stop(), end.millisBehindLatest(), keptUntil(state, end)));
        probe.continueFrom(shardId, end.end(), end.nextIterator(), end.endedAt());
        records += end.records();
      }
    }
    // Losses the tasks skipped (option fail-on-data-loss false): reported once per process.
    recorded.values().forEach(end -> end.lost().forEach(losses::skipped));
    all.lost().forEach(losses::skipped);
    if (!recorded.isEmpty() && offset.read() > countedRead) {
      recorded.values().forEach(counters::read);
      countedRead = offset.read();
      LOG.info(
          "Batch read {} of {} read {} records from {} shards",
          offset.read(),
          shards.streamDescription(),
          records,
          recorded.size());
    }
    resolvedJson = json;
    resolved = Map.copyOf(statuses);
    return resolved;
  }

  /**
   * Until when the records after a read's end stay: they arrived after its last record, and, when
   * the read caught up, after it ended. Kinesis keeps every record at least {@link
   * ShardState#MIN_RETENTION}.
   */
  private static Instant keptUntil(ShardState state, ReadEnd end) {
    Instant kept = state.keptUntil();
    if (end.lastArrival() != null) {
      kept = ShardState.later(kept, end.lastArrival().plus(ShardState.MIN_RETENTION));
    }
    if (end.stop() == ReadEnd.Stop.CAUGHT_UP) {
      kept = ShardState.later(kept, end.endedAt().plus(ShardState.MIN_RETENTION));
    }
    return kept;
  }

  /**
   * Spark polls again 10 ms after finding no new data; an idle stream would then cost hundreds of
   * calls per second per shard. Waits here (rather than answering "nothing new" without asking) so
   * a poll always sees what has arrived. No wait while a shard is behind empty answers: its probe
   * already spaces its calls.
   */
  private void awaitIdlePollInterval() {
    if (lastPollFoundWork) {
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
    KinesisOffset start = kinesisOffset(startOffset);
    KinesisOffset end = kinesisOffset(endOffset);
    List<InputPartition> partitions = new ArrayList<>();
    if (end.isReadAhead()) {
      // Planned by a build that read ahead: its offsets name each shard's last record.
      Map<String, ShardPosition> from = start.positions();
      end.positions()
          .forEach(
              (shardId, endPosition) -> {
                ShardPosition startPosition = ShardPlanner.startOf(from, shardId);
                if (!startPosition.equals(endPosition)) {
                  partitions.add(
                      KinesisInputPartition.readAhead(
                          conf, checkpointLocation, shardId, startPosition, endPosition));
                }
              });
    } else {
      end.shards()
          .forEach(
              (shardId, state) -> {
                if (state.isRead()) {
                  partitions.add(
                      KinesisInputPartition.reading(
                          conf,
                          checkpointLocation,
                          end.read(),
                          shardId,
                          state,
                          availableNowCutoff));
                }
              });
    }
    return partitions.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new KinesisPartitionReaderFactory(clients, clock, hadoopConf);
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

  /**
   * The lag, the shards, and what was fetched against what was read since the query started in this
   * process (the read amplification). Spark asks after each batch, so that batch's reads are
   * counted.
   */
  @Override
  public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    latestConsumedOffset.ifPresent(offset -> resolve(kinesisOffset(offset)));
    Map<String, String> metrics = new TreeMap<>(counters.metrics());
    metrics.putAll(losses.metrics());
    metrics.put("maxMillisBehindLatest", Long.toString(maxMillisBehindLatest));
    metrics.put("shards", Integer.toString(shardCount));
    metrics.put("openShards", Integer.toString(openShardCount));
    return metrics;
  }

  @Override
  public void commit(Offset end) {
    // Kinesis keeps no consumer state; the offsets and the reads' ends live in the checkpoint.
    long read = kinesisOffset(end).read();
    if (read > RETAINED_READS) {
      ends.purgeBefore(read - RETAINED_READS);
    }
  }

  /** After a restart Spark may hand over an offset as it read it from the log, not as ours. */
  private static KinesisOffset kinesisOffset(Offset offset) {
    return offset instanceof KinesisOffset kinesis
        ? kinesis
        : KinesisOffset.fromJson(offset.json());
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
