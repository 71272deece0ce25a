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
 * Decides, without any I/O, which shards a micro-batch may read and where each starts, from the
 * shards' positions when the batch is planned (the previous batch's ends).
 *
 * <p>Resharding: a child shard (from a split or a merge) is held back until every parent is at
 * {@code SHARD_END} at the batch's start, so all records of a parent land in earlier batches than
 * any record of its children and per-key order survives a reshard. A parent that no longer appears
 * in ListShards (expired past the retention period) does not hold its children; if it had not
 * reached its end, {@link #expired} names it, and the stream applies option fail-on-data-loss.
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
    return KinesisOffset.of(stream, 0, positions);
  }

  /**
   * Where a shard's next read starts: its position, or TRIM_HORIZON for a shard discovered after
   * the query started (a child of a reshard: all its records are new).
   */
  static ShardPosition startOf(Map<String, ShardPosition> positions, String shardId) {
    ShardPosition position = positions.get(shardId);
    return position == null ? ShardPosition.trimHorizon() : position;
  }

  /** Whether every parent of the shard is drained (or gone from the listing). */
  static boolean parentsDrained(
      ShardInfo shard, Map<String, ShardPosition> start, Set<String> listedShardIds) {
    return Stream.of(shard.parentShardId(), shard.adjacentParentShardId())
        .filter(Objects::nonNull)
        .allMatch(
            parent ->
                !listedShardIds.contains(parent)
                    || (start.containsKey(parent) && start.get(parent).isShardEnd()));
  }

  /**
   * The shards the next batch may read, sorted by shard id: listed, not yet at SHARD_END, with
   * their parents drained.
   */
  static List<ShardInfo> readable(Map<String, ShardPosition> start, Collection<ShardInfo> listed) {
    Set<String> ids = listed.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
    return listed.stream()
        .filter(shard -> !startOf(start, shard.shardId()).isShardEnd())
        .filter(shard -> parentsDrained(shard, start, ids))
        .sorted(Comparator.comparing(ShardInfo::shardId))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * The shards that left the listing before they were read to their end, with their positions: a
   * closed shard leaves the listing once the retention period has passed since it closed, taking
   * whatever records after its position were not read.
   */
  static Map<String, ShardPosition> expired(
      Map<String, ShardPosition> start, Collection<ShardInfo> listed) {
    Set<String> ids = listed.stream().map(ShardInfo::shardId).collect(Collectors.toSet());
    Map<String, ShardPosition> expired = new TreeMap<>();
    start.forEach(
        (shardId, position) -> {
          if (!position.isShardEnd() && !ids.contains(shardId)) {
            expired.put(shardId, position);
          }
        });
    return expired;
  }

  /**
   * The positions carried into the next offset: every listed shard with a position. Shards no
   * longer listed are dropped.
   */
  static Map<String, ShardPosition> carriedOver(
      Map<String, ShardPosition> start, Collection<ShardInfo> listed) {
    Map<String, ShardPosition> positions = new TreeMap<>();
    for (ShardInfo shard : listed) {
      ShardPosition position = start.get(shard.shardId());
      if (position != null) {
        positions.put(shard.shardId(), position);
      }
    }
    return positions;
  }
}
