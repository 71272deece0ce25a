package dev.lakeetl.streaming.kinesis;

import java.util.Objects;

/**
 * One shard as ListShards describes it.
 *
 * @param shardId the shard id
 * @param parentShardId the shard it was split or merged from, or null
 * @param adjacentParentShardId the other shard of a merge, or null
 * @param closed whether the shard is closed (it has an ending sequence number after a reshard)
 */
record ShardInfo(
    String shardId, String parentShardId, String adjacentParentShardId, boolean closed) {

  ShardInfo {
    Objects.requireNonNull(shardId, "shardId is null");
  }
}
