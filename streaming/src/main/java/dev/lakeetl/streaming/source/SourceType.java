package dev.lakeetl.streaming.source;

/** Which streaming source the job reads. */
public enum SourceType {
  /** Spark's own Kafka connector (bundled in the job jar). */
  KAFKA,
  /** The toolkit's Kinesis source (data source {@value SourceRecords#KINESIS_FORMAT}). */
  KINESIS,
  /** The runtime's own Kinesis connector: Glue's {@code kinesis}, EMR's {@code aws-kinesis}. */
  KINESIS_BUNDLED
}
