package dev.lakeetl.streaming.source;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one record shape every source is mapped to before decoding, so decoding, quarantine and sinks
 * do not care where records come from: {@value #PAYLOAD} (BINARY), {@value #POSITION} (STRING:
 * {@code topic/partition/offset} for Kafka, {@code stream/shard/sequence} for Kinesis) and {@value
 * #ARRIVAL_TIME} (TIMESTAMP: broker append time, Kinesis approximate arrival).
 */
public final class SourceRecords {
  public static final String PAYLOAD = "payload";
  public static final String POSITION = "source_position";
  public static final String ARRIVAL_TIME = "source_arrival_time";

  /** The metadata columns refined rows and quarantined records carry. */
  public static final List<String> METADATA = List.of(POSITION, ARRIVAL_TIME);

  /** Short name of the toolkit's Kinesis data source. */
  public static final String KINESIS_FORMAT = "lakeetl-kinesis";

  private SourceRecords() {}

  /** Spark's Kafka source rows (value, topic, partition, offset, timestamp, ...). */
  public static Dataset<Row> fromKafka(Dataset<Row> kafka) {
    requireNonNull(kafka, "kafka is null");
    return kafka.select(
        col("value").as(PAYLOAD),
        concat_ws("/", col("topic"), col("partition"), col("offset")).as(POSITION),
        col("timestamp").as(ARRIVAL_TIME));
  }

  /**
   * Kinesis rows: the toolkit's source (data, stream, shard_id, sequence_number,
   * approximate_arrival_timestamp) or a bundled connector with camelCase columns (data, streamName,
   * shardId, sequenceNumber, approximateArrivalTimestamp).
   */
  public static Dataset<Row> fromKinesis(Dataset<Row> kinesis) {
    requireNonNull(kinesis, "kinesis is null");
    Set<String> columns = Set.of(kinesis.columns());
    Column stream = pick(columns, "stream", "streamName");
    Column shard =
        columns.contains("shard_id") || columns.contains("shardId")
            ? pick(columns, "shard_id", "shardId")
            : null;
    Column sequence = pick(columns, "sequence_number", "sequenceNumber");
    Column position =
        shard == null ? concat_ws("/", stream, sequence) : concat_ws("/", stream, shard, sequence);
    return kinesis.select(
        col("data").as(PAYLOAD),
        position.as(POSITION),
        pick(columns, "approximate_arrival_timestamp", "approximateArrivalTimestamp")
            .cast("timestamp")
            .as(ARRIVAL_TIME));
  }

  private static Column pick(Set<String> columns, String snakeCase, String camelCase) {
    if (columns.contains(snakeCase)) {
      return col(snakeCase);
    }
    if (columns.contains(camelCase)) {
      return col(camelCase);
    }
    throw new IllegalArgumentException(
        "Cannot read Kinesis records: the source has neither column '"
            + snakeCase
            + "' nor '"
            + camelCase
            + "'; columns are "
            + columns);
  }
}
