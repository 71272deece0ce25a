package dev.lakeetl.streaming.decode;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.io.json.JsonColumns;
import dev.lakeetl.streaming.source.SourceRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes source records ({@link SourceRecords}) into typed columns: decompresses each payload,
 * then parses it as JSON, CSV, Avro or a Grok-matched log line. Nothing is dropped: a record that
 * cannot be decoded keeps null data columns and a reason in {@value #ERROR}.
 *
 * <p>The result has the data columns of the schema, then {@link SourceRecords#PAYLOAD}, the source
 * metadata columns and {@value #ERROR}.
 */
public final class RecordDecoder {
  /** Null when the record decoded; else why not. */
  public static final String ERROR = "_decode_error";

  private static final String DECOMPRESSED = "_decompressed";
  private static final String TEXT = "_text";
  private static final String PARSED = "_parsed";
  private static final String CORRUPT = "_corrupt_record";

  private static final byte[] JSON_OBJECT_START = {'{'};

  private static final StructType DECOMPRESSED_TYPE =
      new StructType()
          .add("bytes", DataTypes.BinaryType, true)
          .add("error", DataTypes.StringType, true);

  private RecordDecoder() {}

  /**
   * Decodes records with a resolved schema.
   *
   * @param records rows of the {@link SourceRecords} shape
   * @param config decode.*
   * @param schema the data columns (for Avro: ignored, the Avro schema decides)
   */
  public static Dataset<Row> decode(Dataset<Row> records, DecodeConfig config, StructType schema) {
    requireNonNull(records, "records is null");
    requireNonNull(config, "config is null");
    requireNonNull(schema, "schema is null");
    Dataset<Row> decompressed =
        records
            .withColumn(DECOMPRESSED, decompressed(col(SourceRecords.PAYLOAD)))
            .withColumn(TEXT, col(DECOMPRESSED + ".bytes").cast("string"));
    switch (config.format()) {
      case JSON:
      case CSV:
        return decodeText(decompressed, config, schema);
      case AVRO:
        return decodeAvro(decompressed, config);
      case GROK:
        return decodeGrok(decompressed, config, schema);
      default:
        throw new IllegalStateException("Unknown format " + config.format());
    }
  }

  /** Text parsed with Spark's JSON or CSV parser; a corrupt-record column marks failures. */
  private static Dataset<Row> decodeText(
      Dataset<Row> decompressed, DecodeConfig config, StructType schema) {
    StructType withCorrupt = schema.add(CORRUPT, DataTypes.StringType, true);
    Map<String, String> options = new HashMap<>();
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", CORRUPT);
    config.timestampFormat().ifPresent(format -> options.put("timestampFormat", format));
    Column parsed;
    String formatName;
    if (config.format() == PayloadFormat.JSON) {
      // Spark's from_json parser over the payload's bytes (see JsonColumns).
      parsed = JsonColumns.fromJson(decompressed.sparkSession(), col(TEXT), withCorrupt, options);
      formatName = "JSON";
    } else {
      options.put("sep", config.csvDelimiter());
      options.put("quote", config.csvQuote());
      parsed = from_csv(col(TEXT), lit(withCorrupt.toDDL()), options);
      formatName = "CSV";
    }
    Dataset<Row> withParsed = decompressed.withColumn(PARSED, parsed);
    Column error =
        when(col(DECOMPRESSED + ".error").isNotNull(), col(DECOMPRESSED + ".error"))
            .when(
                col(PARSED).isNull().or(col(PARSED + "." + CORRUPT).isNotNull()),
                lit(
                    "malformed "
                        + formatName
                        + " or a value that does not fit decode.schema ("
                        + schema.simpleString()
                        + ")"));
    return result(withParsed, schema, error);
  }

  private static Dataset<Row> decodeAvro(Dataset<Row> decompressed, DecodeConfig config) {
    Map<String, String> options = Map.of("mode", "PERMISSIVE");
    Column parsed =
        org.apache.spark.sql.avro.functions.from_avro(
            col(DECOMPRESSED + ".bytes"), config.avroSchema().orElseThrow(), options);
    Dataset<Row> withParsed = decompressed.withColumn(PARSED, parsed);
    StructType schema = avroSchema(withParsed);
    Column error =
        when(col(DECOMPRESSED + ".error").isNotNull(), col(DECOMPRESSED + ".error"))
            .when(allNull(schema), lit("not an Avro datum of decode.avro.schema"));
    return result(withParsed, schema, error);
  }

  /**
   * Whether the parsed struct, or every field of it, is null: in PERMISSIVE mode Spark's Avro
   * reader returns either for a payload that is not a datum of the schema.
   */
  private static Column allNull(StructType schema) {
    Column all = col(PARSED).isNull();
    Column fieldsNull = lit(true);
    for (StructField field : schema.fields()) {
      fieldsNull = fieldsNull.and(col(PARSED).getField(field.name()).isNull());
    }
    return all.or(fieldsNull);
  }

  private static StructType avroSchema(Dataset<Row> withParsed) {
    org.apache.spark.sql.types.DataType type = withParsed.schema().apply(PARSED).dataType();
    if (!(type instanceof StructType)) {
      throw new IllegalArgumentException(
          "Cannot decode avro records: decode.avro.schema must be an Avro record, not " + type);
    }
    return (StructType) type;
  }

  /**
   * Captures cast to the schema's types; a capture that does not cast (e.g. "abc" for an INT) is an
   * error naming the field and the value.
   */
  private static Dataset<Row> decodeGrok(
      Dataset<Row> decompressed, DecodeConfig config, StructType schema) {
    GrokParser parser = new GrokParser(config.grokPattern().orElseThrow(), config.grokPatterns());
    List<String> captured = parser.fields();
    UserDefinedFunction grok =
        udf(
            (UDF1<String, Map<String, String>>) parser::parse,
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    Dataset<Row> withCaptures = decompressed.withColumn("_captures", grok.apply(col(TEXT)));
    List<Column> fields = new ArrayList<>();
    List<Column> castErrors = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!captured.contains(field.name())) {
        throw new IllegalArgumentException(
            "Cannot decode grok records: decode.schema column '"
                + field.name()
                + "' is not captured by decode.grok.pattern (captures: "
                + captured
                + ")");
      }
      Column text = col("_captures").getItem(field.name());
      Column typed = typed(text, field, config.timestampFormat());
      fields.add(typed.as(field.name()));
      castErrors.add(
          when(
              text.isNotNull().and(typed.isNull()),
              concat(
                  lit("'" + field.name() + "' value '"),
                  text,
                  lit("' is not " + field.dataType().simpleString()))));
    }
    Dataset<Row> withParsed =
        withCaptures.withColumn(PARSED, struct(fields.toArray(new Column[0])));
    Column castError = concat_ws("; ", castErrors.toArray(new Column[0]));
    Column error =
        when(col(DECOMPRESSED + ".error").isNotNull(), col(DECOMPRESSED + ".error"))
            .when(col("_captures").isNull(), lit("line does not match decode.grok.pattern"))
            .when(castError.notEqual(lit("")), castError);
    return result(withParsed, schema, error);
  }

  private static Column typed(Column text, StructField field, Optional<String> timestampFormat) {
    if (field.dataType().equals(DataTypes.TimestampType) && timestampFormat.isPresent()) {
      return to_timestamp(text, timestampFormat.get());
    }
    return text.cast(field.dataType());
  }

  /** Data columns (null for failed records), payload, metadata, error. */
  private static Dataset<Row> result(Dataset<Row> parsed, StructType schema, Column error) {
    List<Column> columns = new ArrayList<>();
    Column failed = error.isNotNull();
    for (StructField field : schema.fields()) {
      columns.add(
          when(failed, lit(null).cast(field.dataType()))
              .otherwise(col(PARSED).getField(field.name()))
              .as(field.name()));
    }
    columns.add(col(SourceRecords.PAYLOAD));
    for (String metadata : SourceRecords.METADATA) {
      columns.add(col(metadata));
    }
    columns.add(error.as(ERROR));
    return parsed.select(columns.toArray(new Column[0]));
  }

  /**
   * The payload as (bytes, error). A payload starting with '{' (a JSON object) has no codec's magic
   * bytes, so it skips the UDF and its per-row conversions: most JSON streams are not compressed.
   */
  private static Column decompressed(Column payload) {
    Column plain = struct(payload.as("bytes"), lit(null).cast(DataTypes.StringType).as("error"));
    return when(substring(payload, 1, 1).equalTo(lit(JSON_OBJECT_START)), plain)
        .otherwise(decompressUdf().apply(payload));
  }

  /**
   * The decompression UDF: payload to (bytes, error). Built per call: the function object is
   * serialised with the plan.
   */
  private static UserDefinedFunction decompressUdf() {
    PayloadDecompressor decompressor = new PayloadDecompressor();
    return udf(
        (UDF1<byte[], Row>)
            payload -> {
              PayloadDecompressor.Result result = decompressor.decompress(payload);
              return RowFactory.create(result.bytes(), result.error());
            },
        DECOMPRESSED_TYPE);
  }
}
