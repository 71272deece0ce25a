package dev.lakeetl.streaming.kinesis;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides, without any I/O, which shards a micro-batch may read and where each starts.
 *
 * <p>Resharding: a child shard (from a split or a merge) is held back until every parent is at
 * {@code SHARD_END} in the batch's START offset, so all records of a parent land in earlier batches
 * than any record of its children and per-key order survives a reshard. A parent that no longer
 * appears in ListShards (expired past the retention period) does not hold its children.
 */
final class ShardPlanner {
  private ShardPlanner() {}

  /**
   * The first offset of a query: every listed shard at the starting position. Children are listed
   * too but are read only once their parents are drained.
   */
  static KinesisOffset initialOffset(
      String stream, Collection<ShardInfo> shards, ShardPosition startingPosition) {
    Objects.requireNonNull(startingPosition, "startingPosition is null");
    Map<String, ShardPosition> positions = new TreeMap<>();
    for (ShardInfo shard : shards) {
      positions.put(shard.shardId(), startingPosition);
    }
    return new KinesisOffset(stream, positions);
  }

  /**
   * Where a shard's next read starts: its position in the offset, or TRIM_HORIZON for a shard
   * discovered after the query started (a child of a reshard: all its records are new).
   */
  static ShardPosition startOf(KinesisOffset offset, String shardId) {
    return offset.position(shardId).orElseGet(ShardPosition::trimHorizon);
  }

  /** Whether every parent of the shard is drained (or gone from the listing). */
  static boolean parentsDrained(ShardInfo shard, KinesisOffset start, Set<String> listedShardIds) {
    return Stream.of(shard.parentShardId(), shard.adjacentParentShardId())
        .filter(Objects::nonNull)
        .allMatch(
            parent ->
                !listedShardIds.contains(parent)
                    || start.position(parent).map(ShardPosition::isShardEnd).orElse(false));
  }

  /**
   * The shards to read ahead in the next batch, sorted by shard id: listed, not yet at SHARD_END,
   * with their parents drained.
   */
  static List<ShardInfo> readable(KinesisOffset start, Collection<ShardInfo> listed) {
    Set<String> ids = listed.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
    return listed.stream()
        .filter(shard -> !startOf(start, shard.shardId()).isShardEnd())
        .filter(shard -> parentsDrained(shard, start, ids))
        .sorted(Comparator.comparing(ShardInfo::shardId))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The positions carried into the next offset unchanged: every listed shard the start offset
   * knows. Shards no longer listed are dropped; read shards are then overwritten by their new end.
   */
  static Map<String, ShardPosition> carriedOver(KinesisOffset start, Collection<ShardInfo> listed) {
    Map<String, ShardPosition> positions = new TreeMap<>();
    for (ShardInfo shard : listed) {
      start.position(shard.shardId()).ifPresent(p -> positions.put(shard.shardId(), p));
    }
    return positions;
  }
}
