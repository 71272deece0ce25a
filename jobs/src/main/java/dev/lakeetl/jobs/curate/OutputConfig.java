package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.quality.QualityConfig;
import java.util.Optional;

/**
 * A dataset to write ({@code output.<name>.*}) as partitioned Parquet.
 *
 * @param name the input or transform step whose dataset is written
 * @param writer where and how
 * @param reconcileWith an input whose row count this output must equal (a pass-through output: rows
 *     read = rows written); empty for aggregates, whose counts are only reported
 * @param table the table name it is registered as when catalog.enabled (output.<name>.table,
 *     default the output name)
 * @param quality the rules the output must pass before it is published ({@code
 *     output.<name>.quality.*}); without rules it is written directly
 * @param quarantinePath where rows that break a quarantine rule go ({@code
 *     output.<name>.quarantine-path}, default {@code <path>/_quarantine})
 */
public record OutputConfig(
    String name,
    WriterConfig writer,
    Optional<String> reconcileWith,
    String table,
    QualityConfig quality,
    String quarantinePath) {
  public OutputConfig {
    requireNonNull(name, "name is null");
    requireNonNull(writer, "writer is null");
    requireNonNull(reconcileWith, "reconcileWith is null");
    requireNonNull(table, "table is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(quarantinePath, "quarantinePath is null");
  }
}
