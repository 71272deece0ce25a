package dev.lakeetl.streaming.source;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Opens the configured source as a stream of {@link SourceRecords}. */
public final class StreamSources {
  private StreamSources() {}

  /** The source's streaming DataFrame mapped to the common record shape. */
  public static Dataset<Row> records(SparkSession spark, StreamSourceConfig source) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    Dataset<Row> raw =
        spark.readStream().format(source.format()).options(source.readerOptions()).load();
    return source.type() == SourceType.KAFKA
        ? SourceRecords.fromKafka(raw)
        : SourceRecords.fromKinesis(raw);
  }
}
