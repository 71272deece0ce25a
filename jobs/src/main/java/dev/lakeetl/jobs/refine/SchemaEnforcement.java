package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Casts the declared columns, which JSON and CSV readers deliver as text, to their declared types.
 * A value that does not cast becomes null and the row gets a reason such as {@code column 'delay':
 * value 'abc' is not a valid INT}; it never fails the job, even with ANSI mode on, because every
 * cast is a {@code try_} variant.
 */
public final class SchemaEnforcement {
  /** Longer raw values are cut in reasons: the full record is in the quarantine anyway. */
  static final int MAX_VALUE_IN_REASON = 80;

  private SchemaEnforcement() {}

  /**
   * Casts every declared column the input holds as STRING to its declared type and appends a reason
   * to {@code _reject_reason} (see {@link RejectReasons#start}) for each non-null value that does
   * not cast. Columns already of a non-string type, and undeclared columns, are left as they are.
   *
   * @param input rows with {@code _reject_reason}
   * @param declared the declared schema ({@code source.schema})
   * @param formats patterns for TIMESTAMP and DATE text
   */
  public static Dataset<Row> apply(
      Dataset<Row> input, StructType declared, TemporalFormats formats) {
    requireNonNull(input, "input is null");
    requireNonNull(declared, "declared is null");
    requireNonNull(formats, "formats is null");
    Map<String, DataType> actualTypes = typesByName(input.schema());
    List<Column> projection = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    for (String column : input.columns()) {
      Optional<StructField> field =
          Arrays.stream(declared.fields()).filter(f -> f.name().equals(column)).findFirst();
      boolean castNeeded =
          field.isPresent()
              && actualTypes.get(column).equals(DataTypes.StringType)
              && !field.get().dataType().equals(DataTypes.StringType);
      if (!castNeeded) {
        projection.add(col(quoted(column)));
        continue;
      }
      DataType type = field.get().dataType();
      Column raw = col(quoted(column));
      Column typed = cast(raw, column, type, formats);
      projection.add(typed.as(column));
      reasons.add(
          when(
              raw.isNotNull().and(typed.isNull()), invalidValueReason(column, raw, type, formats)));
    }
    // Reasons read the raw values, so they are added before the projection replaces them.
    return RejectReasons.append(input, reasons).select(projection.toArray(Column[]::new));
  }

  private static Column cast(Column raw, String column, DataType type, TemporalFormats formats) {
    String name = quoted(column);
    if (type.equals(DataTypes.TimestampType) && formats.timestampFormat().isPresent()) {
      return expr(
          "try_to_timestamp(" + name + ", " + literal(formats.timestampFormat().get()) + ")");
    }
    if (type.equals(DataTypes.DateType) && formats.dateFormat().isPresent()) {
      // Spark 3.5 has no try_to_date: parse as a timestamp, which fails softly, then truncate.
      return to_date(
          expr("try_to_timestamp(" + name + ", " + literal(formats.dateFormat().get()) + ")"));
    }
    if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
      return from_json(raw, type, Map.of("mode", "PERMISSIVE"));
    }
    return expr("try_cast(" + name + " AS " + type.sql() + ")");
  }

  private static Column invalidValueReason(
      String column, Column raw, DataType type, TemporalFormats formats) {
    Column shown =
        when(
                length(raw).gt(MAX_VALUE_IN_REASON),
                concat(substring(raw, 1, MAX_VALUE_IN_REASON), lit("...")))
            .otherwise(raw);
    String expected = " is not a valid " + type.sql();
    if (type.equals(DataTypes.TimestampType) && formats.timestampFormat().isPresent()) {
      expected += " (format '" + formats.timestampFormat().get() + "')";
    } else if (type.equals(DataTypes.DateType) && formats.dateFormat().isPresent()) {
      expected += " (format '" + formats.dateFormat().get() + "')";
    }
    return concat(lit("column '" + column + "': value '"), shown, lit("'" + expected));
  }

  private static Map<String, DataType> typesByName(StructType schema) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : schema.fields()) {
      types.put(field.name(), field.dataType());
    }
    return types;
  }

  static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
