package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What a reader returns.
 *
 * @param rows data columns followed by {@link MetadataColumns#ALL}; see {@link DatasetReader}
 * @param declaredSchema the parsed {@code source.schema}, with the types the job should cast the
 *     data columns to; empty when the schema was inferred
 */
public record ReadResult(Dataset<Row> rows, Optional<StructType> declaredSchema) {
  public ReadResult {
    requireNonNull(rows, "rows is null");
    requireNonNull(declaredSchema, "declaredSchema is null");
  }
}
