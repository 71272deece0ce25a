package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * Casts field texts to declared column types, for the batch jobs and the streaming decoder alike. A
 * text that does not cast becomes null and {@link #invalidValueReason} says why, e.g. {@code column
 * 'delay': value 'abc' is not a valid INT}. Every cast is a {@code try_} variant, so a bad value
 * never fails the job, even with ANSI mode on.
 */
public final class TextCasts {
  /** Longer texts are cut in reasons: the full record is in the quarantine anyway. */
  public static final int MAX_VALUE_IN_REASON = 80;

  private TextCasts() {}

  /**
   * The text cast to {@code type}; null where it does not cast.
   *
   * @param text a SQL expression of a STRING value, e.g. a quoted column name
   * @param timestampFormat pattern for TIMESTAMP text; empty for Spark's ISO-8601 parsing
   * @param dateFormat pattern for DATE text; empty for Spark's ISO-8601 parsing
   */
  public static Column cast(
      String text, DataType type, Optional<String> timestampFormat, Optional<String> dateFormat) {
    requireNonNull(text, "text is null");
    requireNonNull(type, "type is null");
    requireNonNull(timestampFormat, "timestampFormat is null");
    requireNonNull(dateFormat, "dateFormat is null");
    if (type.equals(DataTypes.TimestampType) && timestampFormat.isPresent()) {
      return expr("try_to_timestamp(" + text + ", " + literal(timestampFormat.get()) + ")");
    }
    if (type.equals(DataTypes.DateType) && dateFormat.isPresent()) {
      // Spark 3.5 has no try_to_date: parse as a timestamp, which fails softly, then truncate.
      return to_date(expr("try_to_timestamp(" + text + ", " + literal(dateFormat.get()) + ")"));
    }
    if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
      return from_json(expr(text), type, Map.of("mode", "PERMISSIVE"));
    }
    return expr("try_cast(" + text + " AS " + type.sql() + ")");
  }

  /**
   * Why {@code raw} is not a valid {@code type}: {@code column 'delay': value 'abc' is not a valid
   * INT}, with the pattern when one applies.
   */
  public static Column invalidValueReason(
      String column,
      Column raw,
      DataType type,
      Optional<String> timestampFormat,
      Optional<String> dateFormat) {
    requireNonNull(column, "column is null");
    requireNonNull(raw, "raw is null");
    requireNonNull(type, "type is null");
    Column shown =
        when(
                length(raw).gt(MAX_VALUE_IN_REASON),
                concat(substring(raw, 1, MAX_VALUE_IN_REASON), lit("...")))
            .otherwise(raw);
    String expected = " is not a valid " + type.sql();
    if (type.equals(DataTypes.TimestampType) && timestampFormat.isPresent()) {
      expected += " (format '" + timestampFormat.get() + "')";
    } else if (type.equals(DataTypes.DateType) && dateFormat.isPresent()) {
      expected += " (format '" + dateFormat.get() + "')";
    }
    return concat(lit("column '" + column + "': value '"), shown, lit("'" + expected));
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
