package dev.lakeetl.io.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonParser;
import org.apache.spark.sql.catalyst.util.FailureSafeParser;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Spark's {@code from_json} for a string column holding one JSON object per value, with the Jackson
 * parser created over the value's UTF-8 bytes.
 *
 * <p>Why it exists: Spark 3.5's {@code from_json} reads each value through an {@code
 * InputStreamReader}, which allocates an 8 KB buffer per record: 24 GB of short-lived garbage for
 * the 3,000,000-line benchmark, and the largest single cost of reading NDJSON (docs/benchmarks.md).
 * Spark's own JSON file source parses bytes instead. This expression runs the very parser {@code
 * from_json} runs (Spark's {@code JacksonParser} behind a {@code FailureSafeParser}, built from the
 * same options), so types, options, partial results and the corrupt-record column behave the same;
 * only the way the text reaches Jackson differs. One consequence, kept on purpose: a value with
 * invalid UTF-8 makes the record malformed (it is quarantined with its raw text), where {@code
 * from_json} would silently turn the bad bytes into U+FFFD.
 *
 * <p>Those are Spark's internal classes. {@link #column} checks once per JVM that they link and
 * parse, and answers empty otherwise, so a runtime whose Spark differs falls back to {@code
 * from_json} instead of failing. Remove this class when {@code from_json} parses bytes itself.
 */
final class Utf8JsonParse extends Expression implements CodegenFallback, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Utf8JsonParse.class);
  private static final Object PROBE_LOCK = new Object();
  private static Boolean usable;

  private final Expression child;
  private final StructType schema;
  private final Map<String, String> options;
  private final String timeZone;
  private transient FailureSafeParser<UTF8String> parser;

  private Utf8JsonParse(
      Expression child, StructType schema, Map<String, String> options, String timeZone) {
    this.child = requireNonNull(child, "child is null");
    this.schema = requireNonNull(schema, "schema is null").asNullable();
    this.options = Map.copyOf(options);
    this.timeZone = requireNonNull(timeZone, "timeZone is null");
  }

  /**
   * The parsed struct of {@code json} (a STRING column), or empty when Spark's internal JSON parser
   * cannot be used on this runtime; callers then use {@code from_json} with the same arguments.
   *
   * @param options Spark JSON options, as for {@code from_json}
   * @param timeZone the session time zone, which {@code from_json} would get from the analyzer
   */
  static Optional<Column> column(
      Column json, StructType schema, Map<String, String> options, String timeZone) {
    Utf8JsonParse parse = new Utf8JsonParse(json.expr(), schema, options, timeZone);
    return usable(parse) ? Optional.of(new Column(parse)) : Optional.empty();
  }

  private static boolean usable(Utf8JsonParse parse) {
    synchronized (PROBE_LOCK) {
      if (usable == null) {
        // Only a missing or changed Spark class means "not usable": anything else (invalid JSON
        // options, say) would fail from_json the same way and is left to surface.
        try {
          parse.parse(UTF8String.fromString("{}"));
          usable = true;
        } catch (LinkageError e) {
          LOG.warn(
              "Parsing JSON lines with Spark's from_json: its byte-level parser is not usable on"
                  + " this Spark ({})",
              e.toString());
          usable = false;
        }
      }
      return usable;
    }
  }

  @Override
  public Object eval(InternalRow input) {
    Object value = child.eval(input);
    return value == null ? null : parse((UTF8String) value);
  }

  private InternalRow parse(UTF8String json) {
    scala.collection.Iterator<InternalRow> rows = parser().parse(json);
    return rows.hasNext() ? rows.next() : null;
  }

  private FailureSafeParser<UTF8String> parser() {
    if (parser == null) {
      scala.collection.immutable.Map<String, String> scalaOptions =
          JavaConverters.mapAsScalaMapConverter(options)
              .asScala()
              .toMap(scala.Predef$.MODULE$.$conforms());
      JSONOptions parsed = new JSONOptions(scalaOptions, timeZone, "_corrupt_record");
      // As from_json: Jackson fills the data fields, FailureSafeParser the corrupt-record field.
      String corrupt = parsed.columnNameOfCorruptRecord();
      StructType dataFields =
          new StructType(
              Arrays.stream(schema.fields())
                  .filter(field -> !field.name().equals(corrupt))
                  .toArray(StructField[]::new));
      JacksonParser raw =
          new JacksonParser(dataFields, parsed, false, JacksonParser.$lessinit$greater$default$4());
      scala.Function2<JsonFactory, UTF8String, JsonParser> overBytes = Utf8JsonParse::overBytes;
      scala.Function1<UTF8String, UTF8String> asText = text -> text;
      parser =
          new FailureSafeParser<>(
              json -> raw.parse(json, overBytes, asText), parsed.parseMode(), schema, corrupt);
    }
    return parser;
  }

  private static JsonParser overBytes(JsonFactory factory, UTF8String text) {
    ByteBuffer bytes = text.getByteBuffer();
    try {
      return factory.createParser(
          bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public DataType dataType() {
    return schema;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public scala.collection.Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(List.of(child)).toList();
  }

  @Override
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq<Expression> children) {
    return new Utf8JsonParse(children.apply(0), schema, options, timeZone);
  }

  @Override
  public ExprCode doGenCode(CodegenContext context, ExprCode code) {
    return CodegenFallback.super.doGenCode(context, code);
  }

  @Override
  public String prettyName() {
    return "from_json_utf8";
  }

  @Override
  public int productArity() {
    return 1;
  }

  @Override
  public Object productElement(int index) {
    if (index != 0) {
      throw new IndexOutOfBoundsException(index);
    }
    return child;
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof Utf8JsonParse;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8JsonParse parse
        && parse.child.equals(child)
        && parse.schema.equals(schema)
        && parse.options.equals(options)
        && parse.timeZone.equals(timeZone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, schema, options, timeZone);
  }
}
