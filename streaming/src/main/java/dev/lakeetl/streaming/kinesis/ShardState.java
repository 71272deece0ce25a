package dev.lakeetl.streaming.kinesis;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One shard in an offset: where it stood when the batch was planned, where the batch's read of it
 * starts (if it reads it), and until when the records after its position are known to stay.
 *
 * @param position where the shard stands (an exclusive end, see {@link ShardPosition}): never
 *     {@code AT_SEQUENCE_NUMBER}
 * @param readFrom where the batch starts reading the shard, or null when it does not read it; the
 *     read ends where its task stopped, which the task records in the checkpoint
 * @param keptUntil every record after the position stays in the stream at least until then, or null
 *     when that is not known (see {@link #MIN_RETENTION})
 */
record ShardState(ShardPosition position, ShardPosition readFrom, Instant keptUntil)
    implements Serializable {
  /**
   * Kinesis keeps a record at least this long after it arrived (the shortest retention period a
   * stream can have). So the records after a position arrived after the last record read, or after
   * a time the shard was seen with nothing newer, stay at least this long after that.
   */
  static final Duration MIN_RETENTION = Duration.ofHours(24);

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

  ShardState(ShardPosition position, ShardPosition readFrom) {
    this(position, readFrom, null);
  }

  static ShardState at(ShardPosition position) {
    return new ShardState(position, null, null);
  }

  boolean isRead() {
    return readFrom != null;
  }

  /**
   * Whether records after the position may have expired unread by {@code now}: the position is
   * after a record, and nothing says its successors are still kept.
   */
  static boolean mayHaveExpired(ShardPosition position, Instant keptUntil, Instant now) {
    return position.type() == ShardPosition.Type.AFTER_SEQUENCE_NUMBER
        && (keptUntil == null || !now.isBefore(keptUntil));
  }

  /** The later of two "kept until" instants, either of which may be unknown (null). */
  static Instant later(Instant left, Instant right) {
    if (left == null) {
      return right;
    }
    return right == null || left.isAfter(right) ? left : right;
  }
}
