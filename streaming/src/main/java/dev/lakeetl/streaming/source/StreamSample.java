package dev.lakeetl.streaming.source;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Takes the first payloads of a stream, for schema inference at start: one batch of the configured
 * source from its configured starting position, with a throw-away checkpoint, so the job's own
 * checkpoints are untouched.
 */
public final class StreamSample {
  private StreamSample() {}

  /** Up to {@code size} payloads; empty when the source has nothing from its starting position. */
  public static List<byte[]> payloads(SparkSession spark, StreamSourceConfig source, int size) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    List<byte[]> sample = Collections.synchronizedList(new ArrayList<>());
    Dataset<Row> records = StreamSources.records(spark, source);
    VoidFunction2<Dataset<Row>, Long> collect =
        (batch, batchId) -> {
          if (sample.size() < size) {
            for (Row row : batch.select(SourceRecords.PAYLOAD).limit(size).collectAsList()) {
              if (sample.size() < size && !row.isNullAt(0)) {
                sample.add((byte[]) row.get(0));
              }
            }
          }
        };
    try {
      Path checkpoint = Files.createTempDirectory("lakeetl-sample-");
      StreamingQuery query =
          records
              .writeStream()
              .queryName("lakeetl-schema-sample")
              .option("checkpointLocation", checkpoint.toUri().toString())
              .trigger(Trigger.Once())
              .foreachBatch(collect)
              .start();
      query.awaitTermination();
    } catch (java.io.IOException | TimeoutException | StreamingQueryException e) {
      throw new IllegalStateException(
          "Cannot sample the stream for schema inference: " + e.getMessage(), e);
    }
    return List.copyOf(sample);
  }
}
