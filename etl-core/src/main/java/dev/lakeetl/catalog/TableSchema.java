package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.DataColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table's columns as a metastore holds them: the data columns (stored in the Parquet files) and
 * the partition columns (folder names), in folder order.
 *
 * @param dataColumns columns stored in the files
 * @param partitionColumns partition columns in folder order, e.g. year, month, day
 */
public record TableSchema(StructType dataColumns, StructType partitionColumns) {
  public TableSchema {
    requireNonNull(dataColumns, "dataColumns is null");
    requireNonNull(partitionColumns, "partitionColumns is null");
  }

  /**
   * Splits the schema of written rows into data and partition columns.
   *
   * @param written every column of the written rows, partition columns included
   * @param partitionBy the partition columns in folder order
   * @throws IllegalArgumentException when a partition column is not in {@code written}
   */
  public static TableSchema of(StructType written, List<String> partitionBy) {
    requireNonNull(written, "written is null");
    requireNonNull(partitionBy, "partitionBy is null");
    DataColumns.require(
        "register table", "partition-by", partitionBy, Arrays.asList(written.fieldNames()));
    List<StructField> partitions = new ArrayList<>();
    for (String column : partitionBy) {
      partitions.add(written.apply(column));
    }
    StructField[] data =
        Arrays.stream(written.fields())
            .filter(field -> !partitionBy.contains(field.name()))
            .toArray(StructField[]::new);
    return new TableSchema(
        new StructType(data), new StructType(partitions.toArray(StructField[]::new)));
  }

  /** Partition column names in folder order. */
  public List<String> partitionNames() {
    return List.of(partitionColumns.fieldNames());
  }

  /**
   * Readable one-line form, e.g. {@code (delay int, origin string) partitioned by (day string)}.
   */
  public String describe() {
    String data = columns(dataColumns);
    return partitionColumns.isEmpty()
        ? "(" + data + ")"
        : "(" + data + ") partitioned by (" + columns(partitionColumns) + ")";
  }

  /** The type as compared and shown: Spark's catalog form, lower case as metastores keep it. */
  static String typeName(StructField field) {
    return field.dataType().catalogString().toLowerCase(Locale.ROOT);
  }

  private static String columns(StructType columns) {
    return Arrays.stream(columns.fields())
        .map(field -> field.name() + " " + typeName(field))
        .collect(Collectors.joining(", "));
  }
}
