package dev.lakeetl.io.json;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceReads;
import dev.lakeetl.io.TextRead;
import dev.lakeetl.io.TextReader;
import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads JSON: newline-delimited by default, whole documents with {@code source.multiline}.
 *
 * <p>Newline-delimited JSON is read as text, so each record keeps its exact line; every non-blank
 * line is parsed in the same pass, by Spark's {@code from_json} parser working on the line's bytes
 * ({@link Utf8JsonParse}). A line that is not a JSON object (a number, an array, garbage) is a
 * malformed record. Blank lines are not records and are skipped. Empty texts and {@code
 * source.null-values} are null as {@link NullValues} says.
 *
 * <p>Multi-line JSON (a top-level array of objects, or one object per file) goes through Spark's
 * JSON source; a record's raw text is then its JSON rendering, and a file that does not parse is
 * one malformed record holding the file's text.
 */
public final class JsonReader extends TextReader {
  private static final String IS_OBJECT = "_lakeetl_is_object";
  private static final String TYPED = "_lakeetl_typed";

  /** Declared types the typed parse reads directly; see {@link #typedParseSchema}. */
  private static final Set<DataType> TYPED_PARSE_TYPES =
      Set.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.BooleanType);

  /** What {@code \s} matches in a regular expression: blank lines and padding around records. */
  private static final String WHITESPACE = " \t\n\u000B\f\r";

  /** An object padded with {@link #WHITESPACE}; {@code [\s\S]} also matches line breaks. */
  private static final String PADDED_OBJECT = "^\\s*\\{[\\s\\S]*\\}\\s*\\z";

  @Override
  protected Dataset<Row> rows(TextRead read) {
    return read.source().multiline() ? readDocuments(read) : readLines(read);
  }

  /** Options of Spark's JSON parser: the reader options, keeping malformed records. */
  private static Map<String, String> parseOptions(TextRead read) {
    Map<String, String> options = read.readerOptions();
    options.putAll(KEEP_MALFORMED);
    return options;
  }

  private static Dataset<Row> readLines(TextRead read) {
    SparkSession spark = read.spark();
    Map<String, String> options = parseOptions(read);
    Dataset<Row> lines =
        spark
            .read()
            .options(read.readerOptions())
            .text(read.paths())
            .select(col("value").as(LINE), SourceReads.sourceFileColumn().as(FILE))
            // Blank lines are not records. A line starting with '{' is not blank: only the others
            // pay for the trim (a copy of the line).
            .where(col(LINE).startsWith("{").or(length(trim(col(LINE), WHITESPACE)).gt(0)))
            // Tested once per line, in a projection of its own: the two uses below would otherwise
            // make Spark evaluate it as a common subexpression, eagerly, on every line.
            .select(col(LINE), col(FILE), isObject(col(LINE)).as(IS_OBJECT));
    Column isObject = col(IS_OBJECT);

    StructType dataSchema = read.dataSchema(() -> inferLines(spark, lines, options));
    StructType parseSchema = dataSchema.add(CORRUPT, DataTypes.StringType, true);

    Column objectLine = when(isObject, col(LINE));
    Column textParse = JsonColumns.fromJson(spark, objectLine, parseSchema, options);
    Optional<StructType> typedSchema = read.declared().flatMap(JsonReader::typedParseSchema);
    Dataset<Row> parsed;
    if (typedSchema.isEmpty()) {
      parsed = lines.select(col(LINE), col(FILE), isObject, textParse.as(PARSED));
    } else {
      // Numbers and booleans parsed as text cost Jackson a generator per value. Parsed as their
      // declared type and rendered back they give the same text; a record whose typed parse fails
      // ("7" for an INT, 1.5, an overflow, malformed JSON) is parsed again as text, so its values
      // and reasons stay exactly those of the text parse. The typed parse is a projection of its
      // own so that Spark evaluates it once.
      Column typed = col(TYPED);
      List<Column> texts = new ArrayList<>();
      for (StructField field : dataSchema.fields()) {
        texts.add(typed.getField(field.name()).cast(DataTypes.StringType).as(field.name()));
      }
      texts.add(lit(null).cast(DataTypes.StringType).as(CORRUPT));
      Column typedOk = typed.isNotNull().and(typed.getField(CORRUPT).isNull());
      parsed =
          lines
              .select(
                  col(LINE),
                  col(FILE),
                  isObject,
                  JsonColumns.fromJson(spark, objectLine, typedSchema.get(), options).as(TYPED))
              .select(
                  col(LINE),
                  col(FILE),
                  isObject,
                  when(typedOk, struct(texts.toArray(Column[]::new)))
                      .otherwise(textParse)
                      .as(PARSED));
    }

    List<Column> dataColumns = new ArrayList<>();
    for (StructField field : dataSchema.fields()) {
      dataColumns.add(read.withNulls(col(PARSED).getField(field.name()), field).as(field.name()));
    }
    Column parseError =
        when(isObject, when(col(PARSED).getField(CORRUPT).isNotNull(), lit("malformed JSON")))
            .otherwise(notObjectReason(col(LINE)));
    return parsed.select(
        SourceReads.withMetadata(dataColumns, col(LINE), parseError, col(FILE))
            .toArray(Column[]::new));
  }

  /**
   * The declared schema with INT, BIGINT and BOOLEAN fields kept as declared and every other field
   * as text, plus the corrupt-record column; empty when no field would be typed. Values of these
   * types render back to exactly the text the text parse gives (Jackson writes an integer or
   * boolean token one way). Floating-point, decimal, temporal and nested values do not, and TINYINT
   * is left out because Jackson reads 128-255 as negative bytes.
   */
  static Optional<StructType> typedParseSchema(StructType declared) {
    List<StructField> fields = new ArrayList<>();
    boolean typed = false;
    for (StructField field : declared.fields()) {
      boolean keep = TYPED_PARSE_TYPES.contains(field.dataType());
      typed |= keep;
      fields.add(
          DataTypes.createStructField(
              field.name(), keep ? field.dataType() : DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    return typed ? Optional.of(DataTypes.createStructType(fields)) : Optional.empty();
  }

  /** Spark's inferred schema of the object lines, without the corrupt-record column. */
  private static StructType inferLines(
      SparkSession spark, Dataset<Row> lines, Map<String, String> options) {
    Dataset<String> objects = lines.where(col(IS_OBJECT)).select(col(LINE)).as(Encoders.STRING());
    StructType inferred = spark.read().options(options).json(objects).schema();
    return withoutCorrupt(inferred);
  }

  /**
   * A line shaped like one JSON object. Spark's parser stops after the first value, so text after
   * the closing brace would otherwise go unnoticed. Most lines have no padding: plain string tests
   * on the line as it is decide them, and only the others go through a regular expression (Spark
   * evaluates OR lazily). Each part appears once, so Spark cannot hoist it out of the OR and
   * evaluate it for every line.
   */
  private static Column isObject(Column line) {
    return line.startsWith("{").and(line.endsWith("}")).or(line.rlike(PADDED_OBJECT));
  }

  private static Column notObjectReason(Column line) {
    String prefix = "malformed JSON: expected an object, found ";
    return when(line.rlike("^\\s*\\["), lit(prefix + "an array"))
        .when(line.rlike("^\\s*\""), lit(prefix + "a string"))
        .when(line.rlike("^\\s*-?[0-9]"), lit(prefix + "a number"))
        .when(line.rlike("^\\s*(true|false)\\s*$"), lit(prefix + "a boolean"))
        .when(line.rlike("^\\s*null\\s*$"), lit(prefix + "null"))
        .otherwise(lit("malformed JSON"));
  }

  private static Dataset<Row> readDocuments(TextRead read) {
    Map<String, String> options = parseOptions(read);
    options.put("multiLine", "true");
    String[] paths = read.paths();
    StructType dataSchema =
        read.dataSchema(
            () -> withoutCorrupt(read.spark().read().options(options).json(paths).schema()));
    Dataset<Row> documents =
        read.spark()
            .read()
            .options(options)
            .schema(dataSchema.add(CORRUPT, DataTypes.StringType, true))
            .json(paths);

    List<Column> fields = new ArrayList<>();
    List<Column> dataColumns = new ArrayList<>();
    for (StructField field : dataSchema.fields()) {
      Column value = col(SqlIdentifiers.quoted(field.name()));
      fields.add(value);
      dataColumns.add(read.withNulls(value, field).as(field.name()));
    }
    // The raw record renders the values as read, before null texts become null.
    Column rendered = fields.isEmpty() ? lit("{}") : to_json(struct(fields.toArray(Column[]::new)));
    Column rawRecord = coalesce(col(CORRUPT), rendered);
    // Referencing the raw record keeps a data column in the scan: Spark refuses a scan that needs
    // only the corrupt-record column (e.g. counting parse errors).
    Column parseError =
        when(col(CORRUPT).isNotNull().and(rawRecord.isNotNull()), lit("malformed JSON"));
    return documents.select(
        SourceReads.withMetadata(dataColumns, rawRecord, parseError, SourceReads.sourceFileColumn())
            .toArray(Column[]::new));
  }

  private static StructType withoutCorrupt(StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!field.name().equals(CORRUPT)) {
        fields.add(field);
      }
    }
    return DataTypes.createStructType(fields);
  }
}
