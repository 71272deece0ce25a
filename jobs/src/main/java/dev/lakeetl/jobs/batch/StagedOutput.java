package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.Ratio;
import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RejectedShare;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunTracker;
import dev.lakeetl.quality.QualityEvaluator;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.report.QualityCheck;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output of a batch run, written to its staging folder and audited ({@link #stage}, or {@link
 * ClaimedOutput#audit} for a job that writes it itself): the run writes its quarantine, then either
 * {@link #publish publishes} it or {@link #reject rejects} it. A run with several outputs rejects
 * all of them when one is rejected, so it publishes all of its outputs or none.
 *
 * @param claim the output, its write-audit-publish and quarantine folder
 * @param plan its planned checks (the rows written and those quarantined)
 * @param written what was written to the staging folder
 * @param evaluation the audit
 */
public record StagedOutput(
    ClaimedOutput claim,
    QualityPlan plan,
    WriteResult written,
    QualityEvaluator.Evaluation evaluation) {
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  public StagedOutput {
    requireNonNull(claim, "claim is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(written, "written is null");
    requireNonNull(evaluation, "evaluation is null");
  }

  /**
   * Writes {@code rows}, whose layout is unknown, to the claim's staging folder and evaluates the
   * output's rules, timing both as steps {@code write <output>} and {@code audit <output>}.
   */
  public static StagedOutput stage(ClaimedOutput claim, Dataset<Row> rows, RunTracker tracker) {
    requireNonNull(claim, "claim is null");
    requireNonNull(rows, "rows is null");
    requireNonNull(tracker, "tracker is null");
    QualityPlan plan = claim.gate().plan(rows, Optional.empty());
    WriteResult written =
        new PartitionedParquetWriter().write(plan.output(), claim.gate().stagingTarget());
    tracker.step("write " + claim.name());
    LOG.info(
        "Output {}: {} rows staged in {} partitions",
        claim.name(),
        written.rowsWritten(),
        written.partitions().size());
    StagedOutput staged = claim.audit(plan, written);
    if (!plan.rules().isEmpty()) {
      tracker.step("audit " + claim.name());
    }
    return staged;
  }

  /** Whether no {@code fail} rule of this output is broken. */
  public boolean publishable() {
    return evaluation.results().publishable();
  }

  /** Rows left out because they break a quarantine rule. */
  public long rowsQuarantined() {
    return evaluation.results().rowsQuarantined();
  }

  /** The broken fail rules, each named {@code output.<output> <rule>} with its measured value. */
  public List<String> failures() {
    return evaluation.results().failures().stream()
        .map(failure -> "output." + claim.name() + " " + failure.describe())
        .toList();
  }

  /** The rule results for the run report, each rule named {@code <output>/<rule>}. */
  public List<QualityCheck> report() {
    return evaluation.results().toReport().stream()
        .map(check -> check.scopedTo(claim.name()))
        .toList();
  }

  /**
   * Writes {@code records}, the rows that broke a quarantine rule in the quarantine layout, to the
   * output's unpublished quarantine and checks that exactly as many were written as the audit
   * counted.
   *
   * @return the folder written
   * @throws IllegalStateException when the counts differ
   */
  public String quarantine(Dataset<Row> records) {
    requireNonNull(records, "records is null");
    QuarantineFolder folder = claim.quarantine();
    folder.checkWritten(
        folder.write(records, claim.target()),
        rowsQuarantined(),
        "the quarantine of output." + claim.name(),
        "broke a quarantine rule");
    LOG.info(
        "Output {}: quarantined {} rows to {}",
        claim.name(),
        rowsQuarantined(),
        folder.unpublished());
    return folder.unpublished();
  }

  /**
   * Why this output quarantined more of its rows (written and quarantined) than {@code limit}
   * allows, naming where its quarantine is; empty when it did not or the limit is off.
   */
  public Optional<String> quarantinedOverLimit(Optional<Ratio> limit) {
    long quarantined = rowsQuarantined();
    return RejectedShare.output(claim.name())
        .exceeded(
            limit,
            quarantined,
            written.rowsWritten() + quarantined,
            claim.quarantine().unpublished());
  }

  /**
   * Moves the staged output into its table, then its quarantine where readers look, and records the
   * run as published in its history. A run that does not get that far leaves the quarantine
   * unpublished, and its retry quarantines the same records again.
   *
   * @param batch the input the run read (an append replaces an earlier publish of it)
   */
  public void publish(BatchId batch) {
    claim.gate().publish(written, evaluation, batch);
    claim.quarantine().publish();
  }

  /**
   * Announces the published output to the run's listeners (catalog registration). A run with
   * several outputs announces each before it publishes the next: an output in its table is
   * registered even when a later one fails, and a refused registration stops the run before it
   * publishes further outputs.
   */
  public void announce(RunContext context) throws Exception {
    context.published(
        new PublishedOutput(claim.name(), claim.target(), plan.output().schema(), written));
  }

  /**
   * Deletes the staged output and records the run as not published in its history, for a run that
   * publishes none of its outputs: the run's error names the failures of every output, so this
   * output's own is only logged.
   */
  public void reject() {
    claim.gate().reject(evaluation);
    LOG.info(
        "Output {} not published: {}",
        claim.name(),
        publishable()
            ? "the run publishes nothing (see its error)"
            : String.join("; ", failures()));
  }
}
