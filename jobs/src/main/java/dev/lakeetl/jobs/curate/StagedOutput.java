package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.Ratio;
import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.job.RejectedShare;
import dev.lakeetl.job.RunTracker;
import dev.lakeetl.jobs.batch.ClaimedOutput;
import dev.lakeetl.jobs.batch.QuarantineFolder;
import dev.lakeetl.jobs.refine.QuarantineRecords;
import dev.lakeetl.quality.QualityEvaluator;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.report.QualityCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One curated output going through write-audit-publish: written to its staging folder and audited
 * by {@link #stage}, then either {@link #publish published} or {@link #reject rejected} together
 * with the run's other outputs, so a run publishes all of its outputs or none.
 *
 * @param output the output
 * @param claim its write-audit-publish and quarantine folder
 * @param plan its planned checks (the rows written and those quarantined)
 * @param written what was written to the staging folder
 * @param evaluation the audit
 */
record StagedOutput(
    OutputConfig output,
    ClaimedOutput claim,
    QualityPlan plan,
    WriteResult written,
    QualityEvaluator.Evaluation evaluation) {
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  StagedOutput {
    requireNonNull(output, "output is null");
    requireNonNull(claim, "claim is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(written, "written is null");
    requireNonNull(evaluation, "evaluation is null");
  }

  /**
   * Writes {@code dataset} to the claim's staging folder and evaluates the output's rules, timing
   * both as steps {@code write <output>} and {@code audit <output>}.
   */
  static StagedOutput stage(
      OutputConfig output, ClaimedOutput claim, Dataset<Row> dataset, RunTracker tracker) {
    QualityPlan plan = claim.gate().plan(dataset, Optional.empty());
    WriteResult written =
        new PartitionedParquetWriter().write(plan.output(), claim.gate().stagingTarget());
    tracker.step("write " + output.name());
    LOG.info(
        "Output {}: {} rows staged in {} partitions",
        output.name(),
        written.rowsWritten(),
        written.partitions().size());
    QualityEvaluator.Evaluation evaluation = claim.gate().audit(plan, written);
    if (output.quality().enabled()) {
      tracker.step("audit " + output.name());
    }
    return new StagedOutput(output, claim, plan, written, evaluation);
  }

  /** Whether no {@code fail} rule of this output is broken. */
  boolean publishable() {
    return evaluation.results().publishable();
  }

  /** Rows left out because they break a quarantine rule. */
  long rowsQuarantined() {
    return evaluation.results().rowsQuarantined();
  }

  /** The broken fail rules, each with its measured value and threshold. */
  List<String> failures() {
    return evaluation.results().failures().stream()
        .map(failure -> "output." + output.name() + " " + failure.describe())
        .toList();
  }

  /** The rule results for the run report, each rule named {@code <output>/<rule>}. */
  List<QualityCheck> report() {
    return evaluation.results().toReport().stream()
        .map(check -> check.scopedTo(output.name()))
        .toList();
  }

  /**
   * Writes the rows that broke a quarantine rule to the output's unpublished quarantine, with the
   * rule names as reason, and checks that exactly as many were written as the audit counted.
   *
   * @return the folder written
   * @throws IllegalStateException when the counts differ
   */
  String quarantine(String runId, Instant startedAt) {
    QuarantineFolder folder = claim.quarantine();
    Dataset<Row> records =
        QuarantineRecords.ofQualityFailures(
            plan.quarantined().orElseThrow(), QualityPlan.REASON, runId, startedAt);
    folder.checkWritten(
        folder.write(records, output.writer()),
        rowsQuarantined(),
        "the quarantine of output." + output.name(),
        "broke a quarantine rule");
    LOG.info(
        "Output {}: quarantined {} rows to {}",
        output.name(),
        rowsQuarantined(),
        folder.unpublished());
    return folder.unpublished();
  }

  /**
   * Why this output quarantined more of its rows (written and quarantined) than {@code limit}
   * allows, naming where its quarantine is; empty when it did not or the limit is off.
   */
  Optional<String> quarantinedOverLimit(Optional<Ratio> limit) {
    long quarantined = rowsQuarantined();
    return RejectedShare.output(output.name())
        .exceeded(
            limit,
            quarantined,
            written.rowsWritten() + quarantined,
            claim.quarantine().unpublished());
  }

  /**
   * Moves the staged output into the table, its quarantine where readers look with it, and records
   * the run as published in its history.
   *
   * @param batch the input the run read (an append replaces an earlier publish of it)
   */
  void publish(BatchId batch) {
    claim.publish(written, evaluation, batch);
  }

  /** Deletes the staged output and records the run as not published in its history. */
  void reject() {
    // The run's error names the failures of every output, so this output's own is not thrown.
    claim.gate().reject(evaluation);
    LOG.info(
        "Output {} not published: {}",
        output.name(),
        publishable()
            ? "the run publishes nothing (see its error)"
            : String.join("; ", failures()));
  }
}
