package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakeetl.spark.SqlIdentifiers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adds where and when each row was ingested, and drops the internal columns. The names have no
 * leading underscore because Athena does not accept those unquoted.
 */
public final class IngestMetadata {
  public static final String SOURCE_FILE = "ingest_source_file";
  public static final String TIME = "ingest_time";
  public static final String RUN_ID = "ingest_run_id";

  private IngestMetadata() {}

  /**
   * Adds {@code ingest_source_file} (from {@code _source_file}), {@code ingest_time} (the same
   * timestamp for every row of the run) and {@code ingest_run_id}; drops every internal column.
   *
   * @throws IllegalArgumentException when the data already has one of those columns
   */
  public static Dataset<Row> apply(Dataset<Row> input, String runId, Instant ingestTime) {
    requireNonNull(input, "input is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(ingestTime, "ingestTime is null");
    List<String> columns = Arrays.asList(input.columns());
    for (String metadata : List.of(SOURCE_FILE, TIME, RUN_ID)) {
      if (columns.contains(metadata)) {
        throw new IllegalArgumentException(
            "Cannot add ingestion metadata: the data already has a column '"
                + metadata
                + "'; rename it with transform.rename.*");
      }
    }
    List<Column> projection = new ArrayList<>();
    for (String column : columns) {
      if (!InternalColumns.isInternal(column)) {
        projection.add(col(SqlIdentifiers.quoted(column)));
      }
    }
    projection.add(
        columns.contains(InternalColumns.SOURCE_FILE)
            ? col(InternalColumns.SOURCE_FILE).as(SOURCE_FILE)
            : lit(null).cast("string").as(SOURCE_FILE));
    projection.add(lit(Timestamp.from(ingestTime)).as(TIME));
    projection.add(lit(runId).as(RUN_ID));
    return input.select(projection.toArray(Column[]::new));
  }
}
