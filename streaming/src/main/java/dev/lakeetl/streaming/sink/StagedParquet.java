package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * How the one-pass sink writes a batch's files (refined rows, quarantine, windows, open window
 * rows): Parquet that replaces whatever an earlier attempt of the batch left in the folder, so a
 * replayed batch stages the same files again.
 *
 * @param compression Parquet compression codec
 * @param maxRecordsPerFile rows per file at most
 */
record StagedParquet(String compression, long maxRecordsPerFile) {
  StagedParquet {
    requireNonNull(compression, "compression is null");
  }

  /** Writes {@code rows} to {@code path}, replacing it, partitioned by {@code partitionBy}. */
  void write(Dataset<Row> rows, String path, List<String> partitionBy) {
    rows.write()
        .mode(SaveMode.Overwrite)
        .option("compression", compression)
        .option("maxRecordsPerFile", maxRecordsPerFile)
        .partitionBy(partitionBy.toArray(new String[0]))
        .parquet(path);
  }
}
