package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.lakeetl.spark.DataColumns;
import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Keeps one row per dedupe key. The survivor is the first row in {@code transform.dedupe-order-by}
 * order, then by source file, then by the record's values (see {@link #tieBreakers}), so re-running
 * the same input always keeps the same row.
 */
public final class Deduplication {
  private Deduplication() {}

  /** Marks and removes the duplicates in one go. */
  public static Dataset<Row> apply(Dataset<Row> input, List<String> key, List<DedupeOrder> order) {
    return removeMarked(mark(input, key, order, List.of()));
  }

  /**
   * Adds the boolean column {@code _duplicate}: true for every row but the survivor of its key.
   * Marking and removing are separate so the pipeline can count the marked rows on the way.
   *
   * @param key refined columns that identify a record
   * @param order which duplicate survives
   * @param clusterColumns columns the input is already hash-partitioned by and that are constant
   *     within a key (the partition columns, when the key contains the event time): adding them to
   *     the window lets Spark reuse that partitioning instead of shuffling again
   */
  public static Dataset<Row> mark(
      Dataset<Row> input, List<String> key, List<DedupeOrder> order, List<String> clusterColumns) {
    requireNonNull(input, "input is null");
    requireNonNull(key, "key is null");
    requireNonNull(order, "order is null");
    requireNonNull(clusterColumns, "clusterColumns is null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Cannot deduplicate: transform.dedupe-key is empty");
    }
    List<String> columns = Arrays.asList(input.columns());
    requireColumns(columns, key, "transform.dedupe-key");
    requireColumns(
        columns, order.stream().map(DedupeOrder::column).toList(), "transform.dedupe-order-by");
    // Cluster columns first: the window's sort then also orders the rows by partition, which is
    // the order the partitioned write needs, so the write does not sort them a second time.
    Set<String> partitioning = new LinkedHashSet<>(clusterColumns);
    partitioning.addAll(key);
    List<Column> ordering = new ArrayList<>();
    for (DedupeOrder entry : order) {
      Column column = col(SqlIdentifiers.quoted(entry.column()));
      ordering.add(
          entry.direction() == DedupeOrder.Direction.DESC
              ? column.desc_nulls_last()
              : column.asc_nulls_last());
    }
    for (String tieBreaker : tieBreakers(input.schema(), partitioning)) {
      ordering.add(col(SqlIdentifiers.quoted(tieBreaker)).asc_nulls_last());
    }
    WindowSpec window =
        Window.partitionBy(
                partitioning.stream()
                    .map(c -> col(SqlIdentifiers.quoted(c)))
                    .toArray(Column[]::new))
            .orderBy(ordering.toArray(Column[]::new));
    return input.withColumn(InternalColumns.DUPLICATE, row_number().over(window).gt(1));
  }

  /**
   * Columns that break ties after the configured order, so the survivor does not depend on file
   * listing or task order: the source file, then the record itself. Rows equal in every data column
   * give the same output whichever survives, so the data columns stand for the record; the raw text
   * is only used when a column cannot be sorted (MAP), which keeps it out of the shuffle otherwise.
   */
  static List<String> tieBreakers(StructType schema, Set<String> key) {
    List<String> tieBreakers = new ArrayList<>();
    List<String> names = Arrays.asList(schema.fieldNames());
    // The file number orders as the path does; the path remains for files without a number.
    if (names.contains(InternalColumns.SOURCE_FILE_ID)) {
      tieBreakers.add(InternalColumns.SOURCE_FILE_ID);
    }
    if (names.contains(InternalColumns.SOURCE_FILE)) {
      tieBreakers.add(InternalColumns.SOURCE_FILE);
    }
    if (!rawRecordNeeded(schema)) {
      for (StructField field : schema.fields()) {
        if (!InternalColumns.isInternal(field.name()) && !key.contains(field.name())) {
          tieBreakers.add(field.name());
        }
      }
    } else if (names.contains(InternalColumns.RAW_RECORD)) {
      tieBreakers.add(InternalColumns.RAW_RECORD);
    }
    return List.copyOf(tieBreakers);
  }

  /** Whether deduplication needs {@code _raw_record}: only when a data column is not sortable. */
  public static boolean rawRecordNeeded(StructType schema) {
    for (StructField field : schema.fields()) {
      if (!InternalColumns.isInternal(field.name()) && !sortable(field.dataType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sortable(DataType type) {
    if (type instanceof MapType) {
      return false;
    }
    if (type instanceof ArrayType array) {
      return sortable(array.elementType());
    }
    if (type instanceof StructType struct) {
      return Arrays.stream(struct.fields()).allMatch(field -> sortable(field.dataType()));
    }
    return true;
  }

  /** Drops the rows {@link #mark} marked, and the marker column. */
  public static Dataset<Row> removeMarked(Dataset<Row> marked) {
    return marked
        .filter(col(InternalColumns.DUPLICATE).unary_$bang())
        .drop(InternalColumns.DUPLICATE);
  }

  private static void requireColumns(List<String> columns, List<String> wanted, String configKey) {
    DataColumns.require(
        "deduplicate",
        configKey,
        wanted,
        columns.stream().filter(column -> !InternalColumns.isInternal(column)).toList());
  }
}
