package dev.lakeetl.streaming.kinesis;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code lakeetl-kinesis} Spark data source: reads a Kinesis data stream in micro-batches with
 * the AWS SDK for Java v2, keeping per-shard sequence numbers in Spark's checkpoint.
 *
 * <pre>{@code
 * spark.readStream().format("lakeetl-kinesis")
 *     .option("stream", "flights").option("region", "eu-west-1")
 *     .option("starting-position", "TRIM_HORIZON").load();
 * }</pre>
 *
 * <p>Options are checked when the DataFrame is created; see docs/kinesis.md for the list.
 */
public final class KinesisSourceProvider implements TableProvider, DataSourceRegister {
  /** The short name for {@code format(...)}. */
  public static final String SHORT_NAME = "lakeetl-kinesis";

  /** The rows it produces: the record bytes and where they come from. */
  public static final StructType SCHEMA =
      new StructType()
          .add("data", DataTypes.BinaryType, false)
          .add("stream", DataTypes.StringType, false)
          .add("shard_id", DataTypes.StringType, false)
          .add("sequence_number", DataTypes.StringType, false)
          .add("partition_key", DataTypes.StringType, false)
          .add("approximate_arrival_timestamp", DataTypes.TimestampType, true);

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    KinesisReadConf.of(options.asCaseSensitiveMap());
    return SCHEMA;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    if (schema != null && !schema.equals(SCHEMA)) {
      throw new IllegalArgumentException(
          "Cannot read Kinesis with a user schema: the source has a fixed schema "
              + SCHEMA.simpleString()
              + ", got "
              + schema.simpleString());
    }
    return new KinesisTable(KinesisReadConf.of(properties));
  }
}
