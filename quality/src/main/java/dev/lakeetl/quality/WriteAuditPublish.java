package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.job.RunFailedException;
import dev.lakeetl.quality.publish.SparkWriteLeftovers;
import dev.lakeetl.quality.publish.StagingFolder;
import dev.lakeetl.spark.StoragePaths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-audit-publish for one output of one run: the job writes the {@link #plan planned} output to
 * {@link #stagingTarget()}, {@link #audit} evaluates the rules, then {@link #publish} moves the
 * staged partitions into the table, or {@link #reject} deletes them and fails the run so the table
 * stays exactly as it was. Every batch output goes through it, with rules or without: a run that
 * fails or is killed before it publishes never changes the table. Both record the run's metrics in
 * the history. A run that fails for any other reason between writing and publishing (a write error,
 * counts that do not reconcile) calls {@link #abandon} so no staged output is left behind. A
 * publish that was killed, or failed and could not be undone, is finished or undone by the next
 * run's {@link #recover}.
 */
public final class WriteAuditPublish {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAuditPublish.class);
  private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);

  private final SparkSession spark;
  private final QualityConfig config;
  private final String runId;
  private final Clock clock;
  private final StagingFolder staging;
  private final MetricsHistory history;
  private final String table;

  /**
   * @param target where and how the output is published
   */
  public WriteAuditPublish(
      SparkSession spark, QualityConfig config, WriterConfig target, String runId, Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    requireNonNull(target, "target is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.clock = requireNonNull(clock, "clock is null");
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    this.staging = new StagingFolder(hadoopConf, config.stagingRoot(), runId, target);
    this.table = StoragePaths.resolve(target.path(), hadoopConf);
    this.history =
        new MetricsHistory(
            spark, StoragePaths.resolve(config.historyPath(), hadoopConf), config.dataset());
  }

  /**
   * Finishes or undoes every publish into this output that a run left open (killed while
   * publishing, or unable to undo its own failed publish), so the table holds exactly either what
   * it held before that publish or everything it published. Call it before anything else, in
   * particular before selecting input. Then removes what killed Spark writes left in the table's
   * folder ({@link SparkWriteLeftovers}).
   *
   * @return one line per publish finished or undone, also logged
   * @throws java.io.UncheckedIOException naming the partitions that cannot be put back and where
   *     their files are: the run must not go on
   */
  public List<String> recover() {
    List<String> recovered = staging.recover();
    new SparkWriteLeftovers(spark.sparkContext().hadoopConfiguration()).remove(table);
    return recovered;
  }

  /**
   * Plans the checks over the rows to write; write {@link QualityPlan#output()}.
   *
   * @param clustering how {@code rows} are laid out, when the job knows (see {@link
   *     QualityGate.Clustering})
   */
  public QualityPlan plan(Dataset<Row> rows, Optional<QualityGate.Clustering> clustering) {
    // A reused run id: nothing a killed attempt staged may be audited or published with this run.
    staging.clearEarlierAttempt();
    if (!config.stagingRetention().isZero()) {
      staging.discardStale(clock.instant().minus(config.stagingRetention()));
    }
    QualityPlan plan = QualityGate.plan(rows, config.rules(), clustering);
    LOG.info(
        "Quality: {} rules ({} checked while writing), staging at {}",
        config.rules().rules().size(),
        config.rules().rowRules().size(),
        staging.path());
    return plan;
  }

  /** Where the output is written before it is published: a fresh folder for this run. */
  public WriterConfig stagingTarget() {
    return staging.writer();
  }

  /** Evaluates the rules once the planned output is written to the staging target. */
  public QualityEvaluator.Evaluation audit(QualityPlan plan, WriteResult written) {
    requireNonNull(plan, "plan is null");
    requireNonNull(written, "written is null");
    Dataset<Row> staged =
        written.rowsWritten() == 0 || config.rules().isEmpty()
            ? plan.output().limit(0)
            // The written schema, so partition values like month=01 stay text, not inferred ints.
            : spark
                .read()
                .schema(plan.output().schema())
                .option("basePath", staging.path())
                .parquet(staging.path());
    QualityEvaluator.Evaluation evaluation =
        QualityEvaluator.evaluate(plan, staged, history, runId, clock.instant(), METRICS_TIMEOUT);
    long failed = evaluation.results().failures().size();
    LOG.info(
        "Quality: {} rules evaluated, {} failed, {} rows quarantined",
        evaluation.results().results().size(),
        failed,
        evaluation.results().rowsQuarantined());
    return evaluation;
  }

  /**
   * Moves the staged partitions into the table and records the run as published.
   *
   * @param written what was written to the staging target
   * @param batch the input the run read: an {@code append} names its files after it and replaces
   *     the files an earlier publish of the same batch added, so a retried run adds its rows once
   */
  public void publish(WriteResult written, QualityEvaluator.Evaluation evaluation, BatchId batch) {
    requireNonNull(written, "written is null");
    requireNonNull(evaluation, "evaluation is null");
    requireNonNull(batch, "batch is null");
    staging.publish(written.partitions(), batch);
    saveMetrics(evaluation, Outcome.PUBLISHED);
  }

  /**
   * Deletes the staged output and records the run as not published.
   *
   * @return the failure to throw: it names each failed rule with its measured value and threshold
   */
  public RunFailedException reject(QualityEvaluator.Evaluation evaluation) {
    requireNonNull(evaluation, "evaluation is null");
    staging.discard();
    saveMetrics(evaluation, Outcome.REJECTED);
    return new RunFailedException(
        evaluation.results().error().orElse("Quality check failed, nothing published"));
  }

  /**
   * Deletes whatever this run staged, for a run that fails before it publishes for a reason other
   * than its rules (a write error, a count that does not reconcile, another output's failed rule).
   * Does nothing when nothing is staged or the output was already published.
   */
  public void abandon() {
    staging.discard();
  }

  /** What became of the run's output, as the metrics history records it. */
  enum Outcome {
    PUBLISHED,
    REJECTED
  }

  private void saveMetrics(QualityEvaluator.Evaluation evaluation, Outcome outcome) {
    if (config.rules().isEmpty()) {
      // Without rules there is nothing to compare with later: no history is kept.
      return;
    }
    Instant now = clock.instant();
    try {
      history.save(runId, now, outcome, evaluation.metrics());
    } catch (RuntimeException e) {
      // The history informs later runs; losing one entry must not fail this one.
      LOG.warn("Cannot record quality metrics in {}: {}", history.file(), e.getMessage(), e);
    }
  }
}
