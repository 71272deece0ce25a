package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.PartitionSelection;
import dev.lakeetl.io.CsvOptions;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFiles;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.SourceNotFoundException;
import dev.lakeetl.spark.StoragePaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Lists and reads the named inputs. */
final class CurateInputs {
  private CurateInputs() {}

  /** The input's table root as Spark reads it, the key of its {@link PartitionSelection}. */
  static String root(SparkSession spark, InputConfig input) {
    return StoragePaths.resolve(input.path(), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * The data files of an input (hidden {@code _} and {@code .} files and folders left out).
   *
   * @param partitions the selected partition folders; empty reads the whole input
   * @throws IllegalArgumentException naming {@code input.<name>.path} when the path does not exist
   */
  static List<SourceFile> list(
      SparkSession spark, InputConfig input, Optional<List<String>> partitions) {
    requireNonNull(spark, "spark is null");
    requireNonNull(input, "input is null");
    requireNonNull(partitions, "partitions is null");
    if (partitions.isPresent() && partitions.get().isEmpty()) {
      return List.of();
    }
    SourceConfig listing =
        new SourceConfig(
            partitions.orElse(List.of(input.path())),
            input.format(),
            false,
            Optional.empty(),
            CsvOptions.DEFAULT,
            Optional.empty(),
            Optional.empty(),
            true,
            Map.of(),
            NullValues.DEFAULT);
    try {
      return SourceFiles.list(spark, listing);
    } catch (SourceNotFoundException e) {
      throw new IllegalArgumentException(
          "Cannot read input."
              + input.name()
              + ".path: '"
              + e.path()
              + "' does not exist or matches no file",
          e);
    }
  }

  /**
   * The input as a dataset, filtered; Parquet tables are read from their root so partition columns
   * are columns. CSV reads the first line as header unless {@code options.header} says otherwise.
   *
   * @param partitions the selected partition folders, read with the table root as {@code basePath}
   *     so their partition columns stay; an empty selection gives no rows (with the table's
   *     columns); empty reads the whole input
   * @throws IllegalArgumentException naming the input on a bad schema or filter
   */
  static Dataset<Row> read(
      SparkSession spark, InputConfig input, Optional<List<String>> partitions) {
    requireNonNull(spark, "spark is null");
    requireNonNull(input, "input is null");
    requireNonNull(partitions, "partitions is null");
    String path = root(spark, input);
    DataFrameReader reader = spark.read().format(input.format().configName());
    if (input.format() == SourceFormat.CSV) {
      reader = reader.option("header", "true");
    }
    reader = reader.options(input.options());
    Dataset<Row> rows;
    try {
      if (input.schemaDdl().isPresent()) {
        reader = reader.schema(input.schemaDdl().get());
      }
      if (partitions.isEmpty()) {
        rows = reader.load(path);
      } else if (partitions.get().isEmpty()) {
        rows = reader.load(path).limit(0);
      } else {
        rows = reader.option("basePath", path).load(partitions.get().toArray(String[]::new));
      }
    } catch (Exception e) {
      // AnalysisException (bad DDL, unreadable files) is undeclared by Scala.
      throw new IllegalArgumentException(
          "Cannot read input." + input.name() + " from '" + path + "': " + e.getMessage(), e);
    }
    if (input.filter().isEmpty()) {
      return rows;
    }
    try {
      return rows.where(input.filter().get());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Cannot apply input."
              + input.name()
              + ".filter '"
              + input.filter().get()
              + "': "
              + e.getMessage(),
          e);
    }
  }
}
