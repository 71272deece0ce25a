package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteResult;
import org.apache.spark.sql.types.StructType;

/**
 * An output the run has written completely, handed to {@link OutputListener}s before the run report
 * is written (catalog registration, bookmarks).
 *
 * @param output the configured output
 * @param location the table root as written, scheme resolved for this runtime
 * @param schema the written schema, partition columns included
 * @param written rows and partitions written
 */
public record PublishedOutput(
    OutputConfig output, String location, StructType schema, WriteResult written) {
  public PublishedOutput {
    requireNonNull(output, "output is null");
    requireNonNull(location, "location is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(written, "written is null");
  }
}
