/**
 * The Kafka / Kinesis Structured Streaming job: decode, check and write refined data and windowed
 * aggregates to partitioned Parquet with checkpointing.
 *
 * <p>Built by the streaming issue; the module is part of the build so its dependencies and
 * packaging are checked from the start.
 */
package dev.lakeetl.streaming;
