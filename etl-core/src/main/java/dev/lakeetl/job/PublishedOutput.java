package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import org.apache.spark.sql.types.StructType;

/**
 * An output a run has published.
 *
 * @param name dataset name, e.g. the table name an output is registered under
 * @param target where and how it was written
 * @param schema schema of the written rows, partition columns included
 * @param result rows and partitions written
 */
public record PublishedOutput(
    String name, WriterConfig target, StructType schema, WriteResult result) {
  public PublishedOutput {
    requireNonNull(name, "name is null");
    requireNonNull(target, "target is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(result, "result is null");
  }
}
