package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;

import dev.lakeetl.spark.DataColumns;
import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Derives the time partition columns {@code year, month, day, hour} from the event time, as
 * zero-padded strings ({@code year=2001/month=01/day=15/hour=07}), so folder names sort and match
 * Athena/Glue partition projection patterns.
 */
public final class PartitionColumns {
  /**
   * Partition names that are derived from the event time unless the data has such a column, with
   * the field they take. Integer fields padded with lpad cost a fraction of date_format per row.
   */
  private static final Map<String, Function<Column, Column>> DERIVED_FIELDS =
      Map.of(
          "year", eventTime -> padded(functions.year(eventTime), 4),
          "month", eventTime -> padded(functions.month(eventTime), 2),
          "day", eventTime -> padded(functions.dayofmonth(eventTime), 2),
          "hour", eventTime -> padded(functions.hour(eventTime), 2));

  /** The folder name Spark and Hive give a null partition value. */
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private PartitionColumns() {}

  /**
   * The partition columns that are derived: those named year, month, day or hour that are not data
   * columns.
   *
   * @throws IllegalArgumentException for a partition column that is neither a data column nor
   *     derivable
   */
  public static List<String> derived(List<String> partitionBy, List<String> dataColumns) {
    requireNonNull(partitionBy, "partitionBy is null");
    requireNonNull(dataColumns, "dataColumns is null");
    List<String> derived = new ArrayList<>();
    for (String partition : partitionBy) {
      if (dataColumns.contains(partition)) {
        continue;
      }
      if (!DERIVED_FIELDS.containsKey(partition)) {
        throw new IllegalArgumentException(
            "Cannot partition by '"
                + partition
                + "' (target.partition-by): it is not a column of the data "
                + dataColumns
                + " and not one of the derived time partitions year, month, day, hour");
      }
      derived.add(partition);
    }
    return List.copyOf(derived);
  }

  /**
   * Adds the derived partition columns, computed from the event time column in the session time
   * zone. Rows whose event time is null get null partitions: the pipeline quarantines them before
   * this step.
   *
   * @param eventTime TIMESTAMP or DATE column ({@code transform.event-time}); required when any
   *     partition column is derived
   */
  public static Dataset<Row> apply(
      Dataset<Row> input, List<String> partitionBy, Optional<String> eventTime) {
    requireNonNull(input, "input is null");
    requireNonNull(eventTime, "eventTime is null");
    List<String> derived = derived(partitionBy, Arrays.asList(input.columns()));
    if (derived.isEmpty()) {
      return input;
    }
    String eventColumn =
        eventTime.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot derive partition columns "
                        + derived
                        + ": transform.event-time is not set"));
    DataColumns.require(
        "derive partition columns",
        "transform.event-time",
        eventColumn,
        Arrays.asList(input.columns()));
    DataType type = input.schema().apply(eventColumn).dataType();
    if (!type.equals(DataTypes.TimestampType)
        && !type.equals(DataTypes.TimestampNTZType)
        && !type.equals(DataTypes.DateType)) {
      throw new IllegalArgumentException(
          "Cannot derive partition columns from transform.event-time '"
              + eventColumn
              + "': it is "
              + type.sql()
              + "; declare it as TIMESTAMP or DATE in source.schema");
    }
    Dataset<Row> output = input;
    for (String partition : derived) {
      output =
          output.withColumn(
              partition,
              DERIVED_FIELDS.get(partition).apply(col(SqlIdentifiers.quoted(eventColumn))));
    }
    return output;
  }

  /**
   * The field as zero-padded text. The coalesce changes no value (a null partition value is written
   * as Hive's default partition name anyway, and the pipeline quarantines null event times before
   * this step) but makes the column non-nullable: Spark then writes it as it is instead of wrapping
   * it in {@code empty2null}, which would hide that the rows are already sorted by partition and
   * cost the write a second sort.
   */
  private static Column padded(Column field, int width) {
    return coalesce(lpad(field.cast(DataTypes.StringType), width, "0"), lit(NULL_PARTITION));
  }
}
