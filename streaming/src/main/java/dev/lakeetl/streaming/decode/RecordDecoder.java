package dev.lakeetl.streaming.decode;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceReads;
import dev.lakeetl.io.TextCasts;
import dev.lakeetl.io.json.JsonColumns;
import dev.lakeetl.spark.SqlIdentifiers;
import dev.lakeetl.streaming.source.SourceRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
  private static final String FIELDS = "_fields";
  private static final String CAPTURES = "_captures";
  private static final String TEXTS = "_texts";
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

  /**
   * Text parsed with Spark's JSON or CSV parser, every column as text: a corrupt-record column
   * marks what does not parse. The texts then become typed values as {@link #typed} says.
   */
  private static Dataset<Row> decodeText(
      Dataset<Row> decompressed, DecodeConfig config, StructType schema) {
    StructType texts = SourceReads.asStrings(schema).add(CORRUPT, DataTypes.StringType, true);
    Map<String, String> options = new HashMap<>();
    options.put("mode", "PERMISSIVE");
    options.put("columnNameOfCorruptRecord", CORRUPT);
    Column parsed;
    String malformed;
    if (config.format() == PayloadFormat.JSON) {
      // Spark's from_json parser over the payload's bytes (see JsonColumns).
      parsed = JsonColumns.fromJson(decompressed.sparkSession(), col(TEXT), texts, options);
      malformed = "malformed JSON";
    } else {
      options.put("sep", config.csvDelimiter());
      options.put("quote", config.csvQuote());
      options.putAll(config.nullValues().csvOptions());
      parsed = from_csv(col(TEXT), lit(texts.toDDL()), options);
      malformed = "malformed CSV: expected " + schema.fields().length + " fields";
    }
    Dataset<Row> withFields = decompressed.withColumn(FIELDS, parsed);
    Typed typed = typed(withFields, schema, config, name -> col(FIELDS).getField(name));
    Column error =
        when(col(DECOMPRESSED + ".error").isNotNull(), col(DECOMPRESSED + ".error"))
            .when(col(FIELDS).isNull().or(col(FIELDS + "." + CORRUPT).isNotNull()), lit(malformed))
            .when(typed.castError().notEqual(lit("")), typed.castError());
    return result(typed.rows(), schema, error);
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
   * Captures become typed values as {@link #typed} says; a field the pattern does not capture is a
   * configuration error.
   */
  private static Dataset<Row> decodeGrok(
      Dataset<Row> decompressed, DecodeConfig config, StructType schema) {
    GrokParser parser = new GrokParser(config.grokPattern().orElseThrow(), config.grokPatterns());
    List<String> captured = parser.fields();
    for (StructField field : schema.fields()) {
      if (!captured.contains(field.name())) {
        throw new IllegalArgumentException(
            "Cannot decode grok records: decode.schema column '"
                + field.name()
                + "' is not captured by decode.grok.pattern (captures: "
                + captured
                + ")");
      }
    }
    UserDefinedFunction grok =
        udf(
            (UDF1<String, Map<String, String>>) parser::parse,
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    Dataset<Row> withCaptures = decompressed.withColumn(CAPTURES, grok.apply(col(TEXT)));
    Typed typed = typed(withCaptures, schema, config, name -> col(CAPTURES).getItem(name));
    Column error =
        when(col(DECOMPRESSED + ".error").isNotNull(), col(DECOMPRESSED + ".error"))
            .when(col(CAPTURES).isNull(), lit("line does not match decode.grok.pattern"))
            .when(typed.castError().notEqual(lit("")), typed.castError());
    return result(typed.rows(), schema, error);
  }

  /** Rows with the typed values in {@value #PARSED}, and why values did not cast ("" if none). */
  private record Typed(Dataset<Row> rows, Column castError) {}

  /**
   * The value texts as typed columns, by the batch readers' rule ({@link NullValues}): a null text
   * (by default the empty one, and decode.null-values) is null in every column type; any other text
   * casts to its column's type or is an error naming the column and the value, as the batch jobs
   * word it ({@code column 'delay': value 'abc' is not a valid INT}).
   */
  private static Typed typed(
      Dataset<Row> rows, StructType schema, DecodeConfig config, Function<String, Column> textOf) {
    List<Column> texts = new ArrayList<>();
    for (StructField field : schema.fields()) {
      texts.add(config.nullValues().apply(textOf.apply(field.name())).as(field.name()));
    }
    // A projection of its own: each text is read by the cast and by its error.
    Dataset<Row> withTexts = rows.withColumn(TEXTS, struct(texts.toArray(new Column[0])));
    List<Column> fields = new ArrayList<>();
    List<Column> castErrors = new ArrayList<>();
    for (StructField field : schema.fields()) {
      String textSql = SqlIdentifiers.quoted(TEXTS) + "." + SqlIdentifiers.quoted(field.name());
      Column text = col(TEXTS).getField(field.name());
      if (field.dataType().equals(DataTypes.StringType)) {
        fields.add(text.as(field.name()));
        continue;
      }
      Column value =
          TextCasts.cast(textSql, field.dataType(), config.timestampFormat(), Optional.empty());
      fields.add(value.as(field.name()));
      castErrors.add(
          when(
              text.isNotNull().and(value.isNull()),
              TextCasts.invalidValueReason(
                  field.name(),
                  text,
                  field.dataType(),
                  config.timestampFormat(),
                  Optional.empty())));
    }
    Dataset<Row> withParsed = withTexts.withColumn(PARSED, struct(fields.toArray(new Column[0])));
    return new Typed(withParsed, concat_ws("; ", castErrors.toArray(new Column[0])));
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
