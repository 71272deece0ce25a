/**
 * The Kafka and Kinesis Structured Streaming job: reads records, decodes each once and writes
 * refined rows partitioned by event date, quarantined records and windowed aggregates to Parquet,
 * with checkpointing. {@link dev.lakeetl.streaming.StreamingJob} is the entry point, {@link
 * dev.lakeetl.streaming.StreamingConfig} the validated configuration and {@link
 * dev.lakeetl.streaming.StreamingTopology} builds the query. The parts it composes live in the
 * sub-packages: {@code source}, {@code decode}, {@code sink}, {@code quality}, {@code run} and the
 * Kinesis source in {@code kinesis}.
 */
package dev.lakeetl.streaming;
