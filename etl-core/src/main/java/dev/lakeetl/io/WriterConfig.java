package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where and how a job writes partitioned Parquet.
 *
 * @param path target folder (table root)
 * @param partitionBy partition columns in folder order, e.g. {@code [year, month, day]}
 * @param compression Parquet codec: snappy (default), zstd, gzip, none...
 * @param maxRecordsPerFile upper bound on rows in one file, so a large partition is split into
 *     several files instead of one giant one
 * @param mode overwrite touched partitions (default) or append
 */
public record WriterConfig(
    String path,
    List<String> partitionBy,
    String compression,
    long maxRecordsPerFile,
    WriteMode mode) {
  public static final String DEFAULT_COMPRESSION = "snappy";
  public static final long DEFAULT_MAX_RECORDS_PER_FILE = 2_000_000L;

  public WriterConfig {
    requireNonNull(path, "path is null");
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy is null"));
    requireNonNull(compression, "compression is null");
    requireNonNull(mode, "mode is null");
    if (maxRecordsPerFile <= 0) {
      throw new IllegalArgumentException(
          "Cannot write: max records per file must be positive, got " + maxRecordsPerFile);
    }
  }
}
