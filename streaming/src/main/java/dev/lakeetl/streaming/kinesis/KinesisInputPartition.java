package dev.lakeetl.streaming.kinesis;

import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One shard's part of a micro-batch: the records after {@code start} up to and including {@code
 * end} (a sequence number, or the end of a closed shard). Both come from the offset log, so a
 * re-run reads the same records.
 */
record KinesisInputPartition(
    KinesisReadConf conf, String shardId, ShardPosition start, ShardPosition end)
    implements InputPartition {

  KinesisInputPartition {
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(shardId, "shardId is null");
    Objects.requireNonNull(start, "start is null");
    Objects.requireNonNull(end, "end is null");
    if (end.type() != ShardPosition.Type.AFTER_SEQUENCE_NUMBER && !end.isShardEnd()) {
      throw new IllegalArgumentException(
          "Cannot plan shard "
              + shardId
              + ": a batch ends after a sequence number or at the"
              + " shard's end, got "
              + end);
    }
  }
}
