package dev.lakeetl.streaming.kinesis;

import java.io.Serializable;
import java.util.Objects;

/**
 * One shard in an offset: where it stood when the batch was planned and, when the batch reads it,
 * where that read starts.
 *
 * @param position where the shard stands (an exclusive end, see {@link ShardPosition}): never
 *     {@code AT_SEQUENCE_NUMBER}
 * @param readFrom where the batch starts reading the shard, or null when it does not read it; the
 *     read ends where its task stopped, which the task records in the checkpoint
 */
record ShardState(ShardPosition position, ShardPosition readFrom) implements Serializable {

  ShardState {
    Objects.requireNonNull(position, "position is null");
    if (position.type() == ShardPosition.Type.AT_SEQUENCE_NUMBER) {
      throw new IllegalArgumentException(
          "Cannot keep a shard at " + position + ": that is where a read starts, not a position");
    }
    if (readFrom != null && (readFrom.isShardEnd() || position.isShardEnd())) {
      throw new IllegalArgumentException(
          "Cannot read a shard from " + readFrom + " at position " + position);
    }
  }

  static ShardState at(ShardPosition position) {
    return new ShardState(position, null);
  }

  boolean isRead() {
    return readFrom != null;
  }
}
