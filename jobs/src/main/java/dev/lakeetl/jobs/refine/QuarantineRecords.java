package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.lakeetl.jobs.batch.QuarantineFolder;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.spark.SqlIdentifiers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The quarantine layout: one row per rejected record with the original text, so it can be fixed and
 * replayed. Written by {@link QuarantineFolder}, which publishes it under {@code
 * <quarantine.path>/run_id=<run id>/} with the run's output.
 */
public final class QuarantineRecords {
  public static final String RAW_RECORD = "raw_record";
  public static final String SOURCE_FILE = "source_file";
  public static final String REASON = "reason";
  public static final String RUN_ID = QuarantineFolder.RUN_ID;
  public static final String QUARANTINED_AT = "quarantined_at";

  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(RAW_RECORD, SOURCE_FILE, REASON, RUN_ID, QUARANTINED_AT);

  private QuarantineRecords() {}

  /**
   * Turns the rows that broke a quarantine quality rule of {@code checks} into quarantine records:
   * the row as JSON is the raw record, {@code ingest_source_file} the source file, the rules broken
   * the reason.
   *
   * @throws java.util.NoSuchElementException when no rule of {@code checks} quarantines
   */
  public static Dataset<Row> ofQualityFailures(
      QualityPlan checks, String runId, Instant quarantinedAt) {
    requireNonNull(checks, "checks is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(quarantinedAt, "quarantinedAt is null");
    Dataset<Row> failed = checks.quarantined().orElseThrow();
    Column[] data =
        Arrays.stream(failed.columns())
            .filter(column -> !column.equals(QualityPlan.REASON))
            .map(column -> col(SqlIdentifiers.quoted(column)))
            .toArray(Column[]::new);
    return records(
        failed,
        to_json(struct(data)),
        IngestMetadata.SOURCE_FILE,
        QualityPlan.REASON,
        runId,
        quarantinedAt);
  }

  /** Turns rejected rows (those with {@code _reject_reason}) into quarantine records. */
  public static Dataset<Row> of(Dataset<Row> rejected, String runId, Instant quarantinedAt) {
    requireNonNull(rejected, "rejected is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(quarantinedAt, "quarantinedAt is null");
    return records(
        rejected,
        col(InternalColumns.RAW_RECORD),
        InternalColumns.SOURCE_FILE,
        InternalColumns.REJECT_REASON,
        runId,
        quarantinedAt);
  }

  /**
   * {@code rows} in the quarantine layout ({@link #COLUMNS}); the source file is null when {@code
   * rows} have no column {@code sourceFile}.
   */
  private static Dataset<Row> records(
      Dataset<Row> rows,
      Column rawRecord,
      String sourceFile,
      String reason,
      String runId,
      Instant quarantinedAt) {
    return rows.select(
        rawRecord.as(RAW_RECORD),
        Arrays.asList(rows.columns()).contains(sourceFile)
            ? col(sourceFile).as(SOURCE_FILE)
            : lit(null).cast("string").as(SOURCE_FILE),
        col(reason).as(REASON),
        lit(runId).as(RUN_ID),
        lit(Timestamp.from(quarantinedAt)).as(QUARANTINED_AT));
  }
}
