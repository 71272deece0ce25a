package dev.lakeetl.streaming.kinesis;

import java.time.Instant;
import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One shard's part of a micro-batch. Everything in it comes from the offset log, so a re-run plans
 * the same partition.
 *
 * <p>A batch of this build reads from {@code readFrom} until max-records-per-shard records, the
 * shard's newest record, the end of a closed shard or the Trigger.AvailableNow cutoff, and records
 * where it stopped under {@code read}; a re-run reads up to that recorded end. A batch planned by a
 * build that read ahead on the driver carries its last record in {@code end} and is read up to it.
 *
 * @param conf the source's options
 * @param checkpointLocation the source's checkpoint folder, where reads record their ends
 * @param read the read number of the batch's offset
 * @param shardId the shard
 * @param position the shard's position when the batch was planned
 * @param readFrom where the read starts: {@code position}, or AT_SEQUENCE_NUMBER of the first
 *     record after it
 * @param end the batch's last record or SHARD_END, for a batch planned by reading ahead; else null
 * @param cutoff with Trigger.AvailableNow, the read stops before records that arrived after it;
 *     else null
 */
record KinesisInputPartition(
    KinesisReadConf conf,
    String checkpointLocation,
    long read,
    String shardId,
    ShardPosition position,
    ShardPosition readFrom,
    ShardPosition end,
    Instant cutoff)
    implements InputPartition {

  KinesisInputPartition {
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(checkpointLocation, "checkpointLocation is null");
    Objects.requireNonNull(shardId, "shardId is null");
    Objects.requireNonNull(position, "position is null");
    Objects.requireNonNull(readFrom, "readFrom is null");
    if (end != null
        && end.type() != ShardPosition.Type.AFTER_SEQUENCE_NUMBER
        && !end.isShardEnd()) {
      throw new IllegalArgumentException(
          "Cannot plan shard "
              + shardId
              + ": a batch ends after a sequence number or at the shard's end, got "
              + end);
    }
  }

  /** A read of this build: its end is where the task stops, recorded under {@code read}. */
  static KinesisInputPartition reading(
      KinesisReadConf conf,
      String checkpointLocation,
      long read,
      String shardId,
      ShardState state,
      Instant cutoff) {
    return new KinesisInputPartition(
        conf, checkpointLocation, read, shardId, state.position(), state.readFrom(), null, cutoff);
  }

  /** A batch planned by reading ahead: from {@code start} up to and including {@code end}. */
  static KinesisInputPartition readAhead(
      KinesisReadConf conf,
      String checkpointLocation,
      String shardId,
      ShardPosition start,
      ShardPosition end) {
    return new KinesisInputPartition(
        conf,
        checkpointLocation,
        0,
        shardId,
        start,
        start,
        Objects.requireNonNull(end, "end is null"),
        null);
  }

  boolean isReadAhead() {
    return end != null;
  }
}
