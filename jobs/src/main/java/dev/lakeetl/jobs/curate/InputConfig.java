package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.SourceFormat;
import java.util.Map;
import java.util.Optional;

/**
 * One named input dataset ({@code input.<name>.*}), registered as a temporary view under its name.
 *
 * @param name the dataset name transforms refer to
 * @param path file or folder; a partitioned Parquet table is read from its root
 * @param format file format, Parquet by default
 * @param schemaDdl declared schema (Spark DDL); empty means the files' own (Parquet) or inferred
 * @param filter SQL predicate applied right after reading, e.g. {@code year = 2001}; on partition
 *     columns it prunes the folders read
 * @param options Spark reader options, e.g. {@code header: true} for CSV
 * @param incremental a day-partitioned Parquet table ({@code year=/month=/day=} folders, as
 *     raw-to-refined writes) whose partitions are selected by the incremental mode; other inputs
 *     (dimensions such as the airports) are always read whole
 */
public record InputConfig(
    String name,
    String path,
    SourceFormat format,
    Optional<String> schemaDdl,
    Optional<String> filter,
    Map<String, String> options,
    boolean incremental) {
  public InputConfig {
    requireNonNull(name, "name is null");
    requireNonNull(path, "path is null");
    requireNonNull(format, "format is null");
    requireNonNull(schemaDdl, "schemaDdl is null");
    requireNonNull(filter, "filter is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    if (path.isBlank()) {
      throw new IllegalArgumentException("Cannot read input " + name + ": path is blank");
    }
    if (incremental && format != SourceFormat.PARQUET) {
      throw new IllegalArgumentException(
          "Cannot select partitions of input."
              + name
              + " (input."
              + name
              + ".incremental): its format is "
              + format.configName()
              + ", but only partitioned Parquet tables are read incrementally");
    }
  }
}
