package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.io.TextCasts;
import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Casts the declared columns, which JSON and CSV readers deliver as text, to their declared types.
 * A value that does not cast becomes null and the row gets a reason such as {@code column 'delay':
 * value 'abc' is not a valid INT}; it never fails the job, even with ANSI mode on, because every
 * cast is a {@code try_} variant.
 */
public final class SchemaEnforcement {
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
        projection.add(col(SqlIdentifiers.quoted(column)));
        continue;
      }
      DataType type = field.get().dataType();
      Column raw = col(SqlIdentifiers.quoted(column));
      Column typed =
          TextCasts.cast(
              SqlIdentifiers.quoted(column), type, formats.timestampFormat(), formats.dateFormat());
      projection.add(typed.as(column));
      reasons.add(
          when(
              raw.isNotNull().and(typed.isNull()),
              TextCasts.invalidValueReason(
                  column, raw, type, formats.timestampFormat(), formats.dateFormat())));
    }
    // Reasons read the raw values, so they are added before the projection replaces them.
    return RejectReasons.append(input, reasons).select(projection.toArray(Column[]::new));
  }

  private static Map<String, DataType> typesByName(StructType schema) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : schema.fields()) {
      types.put(field.name(), field.dataType());
    }
    return types;
  }
}
