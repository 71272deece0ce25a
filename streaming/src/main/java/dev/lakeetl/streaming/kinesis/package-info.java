/**
 * The {@code lakeetl-kinesis} Spark data source, {@link
 * dev.lakeetl.streaming.kinesis.KinesisSourceProvider}: reads a Kinesis data stream in
 * micro-batches with the AWS SDK v2, keeping per-shard positions in Spark's checkpoint. {@link
 * dev.lakeetl.streaming.kinesis.ShardPlanner} decides which shards a batch reads and {@link
 * dev.lakeetl.streaming.kinesis.KinesisPartitionReader} reads them in the tasks. It delivers raw
 * records only; choosing the source and decoding are {@code source}'s and {@code decode}'s.
 */
package dev.lakeetl.streaming.kinesis;
