package dev.lakeetl.streaming.decode;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.DataColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The data columns records decode into: declared (decode.schema), taken from the Avro schema, or
 * inferred from a sample of payloads. Checked against the event time and the job's own column names
 * before any query starts.
 */
public final class DecodeSchemas {
  private DecodeSchemas() {}

  /**
   * The declared schema: decode.schema parsed, or for Avro the Spark form of decode.avro.schema.
   *
   * @throws IllegalArgumentException naming the key when it does not parse
   */
  public static StructType declared(DecodeConfig config) {
    requireNonNull(config, "config is null");
    if (config.format() == PayloadFormat.AVRO) {
      String avro = config.avroSchema().orElseThrow();
      DataType type;
      try {
        type = SchemaConverters.toSqlType(new Schema.Parser().parse(avro)).dataType();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Cannot parse decode.avro.schema: " + e.getMessage(), e);
      }
      if (!(type instanceof StructType)) {
        throw new IllegalArgumentException(
            "Cannot use decode.avro.schema: it must be an Avro record, not " + type.simpleString());
      }
      return (StructType) type;
    }
    String ddl =
        config.schemaDdl().orElseThrow(() -> new IllegalStateException("decode.schema is not set"));
    try {
      return StructType.fromDDL(ddl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot parse decode.schema '" + ddl + "' as Spark DDL: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * A schema inferred from sample payloads (already decompressed), with the event-time column typed
   * TIMESTAMP (JSON and CSV inference leave timestamps as text).
   *
   * @throws IllegalArgumentException when the sample is empty or the format cannot be inferred
   */
  public static StructType infer(
      SparkSession spark, DecodeConfig config, Collection<byte[]> payloads) {
    requireNonNull(spark, "spark is null");
    requireNonNull(config, "config is null");
    requireNonNull(payloads, "payloads is null");
    List<String> lines = new ArrayList<>();
    PayloadDecompressor decompressor = new PayloadDecompressor();
    for (byte[] payload : payloads) {
      PayloadDecompressor.Result result = decompressor.decompress(payload);
      if (result.error() == null) {
        lines.add(new String(result.bytes(), StandardCharsets.UTF_8));
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot infer the "
              + config.format().configName()
              + " schema: the sample of the stream has no readable record; set decode.schema or"
              + " start where records exist");
    }
    StructType inferred;
    switch (config.format()) {
      case JSON:
        {
          Dataset<String> text = spark.createDataset(lines, Encoders.STRING());
          Dataset<Row> read = spark.read().option("mode", "DROPMALFORMED").json(text);
          inferred = withoutCorrupt(read.schema());
          break;
        }
      case CSV:
        {
          Dataset<String> text = spark.createDataset(lines, Encoders.STRING());
          inferred =
              spark
                  .read()
                  .option("inferSchema", "true")
                  .option("header", "false")
                  .option("sep", config.csvDelimiter())
                  .option("quote", config.csvQuote())
                  .csv(text)
                  .schema();
          break;
        }
      case GROK:
        {
          GrokParser parser =
              new GrokParser(config.grokPattern().orElseThrow(), config.grokPatterns());
          StructType fields = new StructType();
          for (String field : parser.fields()) {
            fields = fields.add(field, DataTypes.StringType, true);
          }
          inferred = fields;
          break;
        }
      default:
        throw new IllegalArgumentException(
            "Cannot infer a schema for " + config.format().configName() + " records");
    }
    return withTimestamp(inferred, config.eventTime());
  }

  /**
   * Checks the data columns: the event time exists and is a TIMESTAMP, and no column takes a name
   * the job adds.
   *
   * @throws IllegalArgumentException naming the column and the key to change
   */
  public static void validate(StructType schema, String eventTime, Collection<String> reserved) {
    requireNonNull(schema, "schema is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(reserved, "reserved is null");
    List<String> names = List.of(schema.fieldNames());
    DataColumns.require("decode records", "decode.event-time", eventTime, names);
    DataType type = schema.apply(eventTime).dataType();
    if (!type.equals(DataTypes.TimestampType)) {
      throw new IllegalArgumentException(
          "Cannot use decode.event-time '"
              + eventTime
              + "': it is "
              + type.simpleString()
              + ", expected timestamp; declare it TIMESTAMP in decode.schema");
    }
    for (String name : names) {
      if (reserved.contains(name)) {
        throw new IllegalArgumentException(
            "Cannot use record column '"
                + name
                + "': the job adds a column of that name; rename it in decode.schema");
      }
    }
  }

  private static StructType withTimestamp(StructType schema, String eventTime) {
    StructType result = new StructType();
    for (StructField field : schema.fields()) {
      DataType type = field.name().equals(eventTime) ? DataTypes.TimestampType : field.dataType();
      result = result.add(field.name(), type, true);
    }
    return result;
  }

  private static StructType withoutCorrupt(StructType schema) {
    StructType result = new StructType();
    for (StructField field : schema.fields()) {
      if (!field.name().equals("_corrupt_record")) {
        result = result.add(field);
      }
    }
    return result;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
