/**
 * The configured streaming source: Kafka, the toolkit's Kinesis source or the runtime's Kinesis
 * connector. {@link dev.lakeetl.streaming.source.StreamSources} opens it as a stream of {@link
 * dev.lakeetl.streaming.source.SourceRecords}, the one record shape decoding and the sinks see. The
 * Kinesis data source itself is in {@code kinesis}; payloads are decoded in {@code decode}.
 */
package dev.lakeetl.streaming.source;
