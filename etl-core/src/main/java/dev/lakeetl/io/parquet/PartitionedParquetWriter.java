package dev.lakeetl.io.parquet;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.lakeetl.io.WriteFailedException;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.spark.DataColumns;
import dev.lakeetl.spark.ObservedMetrics;
import dev.lakeetl.spark.SqlIdentifiers;
import dev.lakeetl.spark.StoragePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Writes a dataset as Hive-style partitioned Parquet ({@code year=2001/month=01/day=15/}).
 *
 * <ul>
 *   <li>Rows are clustered by the partition columns first, so each partition is written by one task
 *       as a few large files instead of one small file per task; {@code maxRecordsPerFile} splits a
 *       large partition.
 *   <li>{@link WriteMode#OVERWRITE_PARTITIONS} replaces exactly the partitions present in the data
 *       (dynamic partition overwrite) and leaves the others alone; re-running the same input gives
 *       the same output. Without partition columns it replaces the whole target. {@link
 *       WriteMode#APPEND} adds files.
 *   <li>Timestamps are always written as INT64 TIMESTAMP_MICROS (never INT96).
 *   <li>Rows and partition values are counted by the write itself (observed metrics), not by a
 *       second pass.
 * </ul>
 */
public final class PartitionedParquetWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionedParquetWriter.class);
  private static final String TIMESTAMP_TYPE_KEY = "spark.sql.parquet.outputTimestampType";
  private static final String ROWS = "rows";
  private static final String PARTITIONS = "partitions";
  private static final String PARTITION_TUPLE = "_lakeetl_partition";

  /** Clusters {@code rows} by the partition columns, then writes them. */
  public WriteResult write(Dataset<Row> rows, WriterConfig config) {
    requireNonNull(rows, "rows is null");
    requireNonNull(config, "config is null");
    validate(rows, config);
    Dataset<Row> clustered =
        config.partitionBy().isEmpty() ? rows : rows.repartition(columns(config.partitionBy()));
    return writeClustered(clustered, config);
  }

  /**
   * Writes {@code rows} as they are partitioned, for callers that already hash-partitioned them by
   * the partition columns.
   */
  public WriteResult writeClustered(Dataset<Row> rows, WriterConfig config) {
    requireNonNull(rows, "rows is null");
    requireNonNull(config, "config is null");
    validate(rows, config);
    SparkSession spark = rows.sparkSession();
    String target = StoragePaths.resolve(config.path(), spark.sparkContext().hadoopConfiguration());
    LOG.info(
        "Writing {} partitioned by {} ({}, {}, at most {} rows per file)",
        target,
        config.partitionBy(),
        config.mode(),
        config.compression(),
        config.maxRecordsPerFile());

    Observation observation = new Observation("lakeetl-write-" + UUID.randomUUID());
    // The partition tuple is computed as a column of its own, in generated code, and only then
    // collected: collect_set evaluates its argument row by row without code generation, and an
    // array built there cost about a seventh of the write stage (docs/benchmarks.md).
    Dataset<Row> observed =
        rows.withColumn(PARTITION_TUPLE, partitionTuple(config.partitionBy()))
            .observe(
                observation,
                count(lit(1)).as(ROWS),
                collect_set(col(PARTITION_TUPLE)).as(PARTITIONS))
            .drop(PARTITION_TUPLE);

    DataFrameWriter<Row> writer =
        observed
            .write()
            .format("parquet")
            .option("compression", config.compression())
            .option("maxRecordsPerFile", config.maxRecordsPerFile());
    if (config.mode() == WriteMode.APPEND) {
      writer = writer.mode(SaveMode.Append);
    } else {
      writer = writer.mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic");
    }
    if (!config.partitionBy().isEmpty()) {
      writer = writer.partitionBy(config.partitionBy().toArray(String[]::new));
    }

    long started = System.nanoTime();
    String previousTimestampType = spark.conf().get(TIMESTAMP_TYPE_KEY, null);
    // Parquet reads the timestamp encoding from the session, not from writer options.
    spark.conf().set(TIMESTAMP_TYPE_KEY, "TIMESTAMP_MICROS");
    try {
      // Observations upstream of the write (rows read, rows rejected) must report even when no
      // row reaches it.
      DataFrameWriter<Row> save = writer;
      ObservedMetrics.deliveredBy(spark, () -> save.save(target));
    } catch (RuntimeException e) {
      throw new WriteFailedException(target, e);
    } finally {
      if (previousTimestampType == null) {
        spark.conf().unset(TIMESTAMP_TYPE_KEY);
      } else {
        spark.conf().set(TIMESTAMP_TYPE_KEY, previousTimestampType);
      }
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - started);

    Map<String, Object> metrics =
        ObservedMetrics.await(
            observation, ObservedMetrics.TIMEOUT, "count rows written to " + target);
    long rowsWritten = ((Number) metrics.get(ROWS)).longValue();
    List<String> partitions = partitionPaths(config.partitionBy(), metrics.get(PARTITIONS));
    WriteResult result = new WriteResult(rowsWritten, partitions, duration);
    if (config.partitionBy().isEmpty()) {
      LOG.info("Wrote {} rows to {} in {}", rowsWritten, target, seconds(duration));
    } else {
      LOG.info(
          "Wrote {} rows to {} partitions of {} in {}",
          rowsWritten,
          partitions.size(),
          target,
          seconds(duration));
    }
    return result;
  }

  private static void validate(Dataset<Row> rows, WriterConfig config) {
    List<String> columns = Arrays.asList(rows.columns());
    DataColumns.require(
        "write " + config.path(), "target.partition-by", config.partitionBy(), columns);
    if (columns.contains(PARTITION_TUPLE)) {
      throw new IllegalArgumentException(
          "Cannot write "
              + config.path()
              + ": the data has a column named '"
              + PARTITION_TUPLE
              + "', a name the writer reserves for counting partitions; rename it");
    }
    if (!config.partitionBy().isEmpty() && config.partitionBy().size() == columns.size()) {
      throw new IllegalArgumentException(
          "Cannot write "
              + config.path()
              + ": every column is a partition column (target.partition-by), no data would be"
              + " left in the files");
    }
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(name -> col(SqlIdentifiers.quoted(name))).toArray(Column[]::new);
  }

  private static Column partitionTuple(List<String> partitionBy) {
    if (partitionBy.isEmpty()) {
      return lit("");
    }
    List<Column> values = new ArrayList<>();
    for (String name : partitionBy) {
      values.add(col(SqlIdentifiers.quoted(name)).cast(DataTypes.StringType));
    }
    return array(values.toArray(Column[]::new));
  }

  /** Folder names exactly as Spark writes them: escaped values, nulls as the Hive default. */
  private static List<String> partitionPaths(List<String> partitionBy, Object collected) {
    if (partitionBy.isEmpty() || collected == null) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (Object tuple : JavaConverters.seqAsJavaList((scala.collection.Seq<?>) collected)) {
      List<?> values = JavaConverters.seqAsJavaList((scala.collection.Seq<?>) tuple);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < partitionBy.size(); i++) {
        Object value = values.get(i);
        String text =
            value == null || value.toString().isEmpty()
                ? ExternalCatalogUtils.DEFAULT_PARTITION_NAME()
                : ExternalCatalogUtils.escapePathName(value.toString());
        parts.add(ExternalCatalogUtils.escapePathName(partitionBy.get(i)) + "=" + text);
      }
      paths.add(String.join("/", parts));
    }
    paths.sort(null);
    return List.copyOf(paths);
  }

  private static String seconds(Duration duration) {
    return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }
}
