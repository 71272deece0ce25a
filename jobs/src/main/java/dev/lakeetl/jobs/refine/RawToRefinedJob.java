package dev.lakeetl.jobs.refine;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.incremental.FileSelection;
import dev.lakeetl.io.ReadResult;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.formats.DatasetReaders;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.job.RejectedShare;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunFailedException;
import dev.lakeetl.job.RunTracker;
import dev.lakeetl.jobs.batch.BatchServices;
import dev.lakeetl.jobs.batch.ClaimedOutput;
import dev.lakeetl.jobs.batch.ConfiguredBatchJob;
import dev.lakeetl.jobs.batch.QuarantineFolder;
import dev.lakeetl.jobs.batch.StagedOutput;
import dev.lakeetl.quality.QualityGate;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.report.InputFile;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw dataset, checks and types it, quarantines what is bad, deduplicates, and writes
 * partitioned Parquet plus a run report. Everything dataset-specific is configuration ({@link
 * RefineKeys}, core keys); adding a dataset needs no Java. Exit codes and the run lifecycle are
 * those of every batch job ({@link JobMain}, {@link BatchJobRunner}, {@link BatchServices}).
 */
public final class RawToRefinedJob extends ConfiguredBatchJob<RawToRefinedConfig> {
  /** Name of the refined output, as listeners (e.g. the catalog) see it. */
  public static final String OUTPUT_NAME = "refined";

  private static final Logger LOG = LoggerFactory.getLogger(RawToRefinedJob.class);
  private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);

  /**
   * Loads and validates the configuration; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public RawToRefinedJob(JobArguments arguments, Map<String, String> environmentVariables) {
    super(arguments, environmentVariables, RefineKeys.SCHEMA, RawToRefinedConfig::from);
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args) {
    JobMain.main(args, RawToRefinedJob::new);
  }

  /** Runs the job with the process environment and returns its exit code; never throws. */
  public static int execute(String... args) {
    return JobMain.execute(args, RawToRefinedJob::new, System.getenv(), Clock.systemUTC());
  }

  /**
   * Claim the table, select input, read and plan, write to staging, audit, quarantine, reconcile,
   * publish. The run writes to a staging folder and publishes only once its rules pass and its
   * counts reconcile, rules or not: a failed or killed run never changes the table.
   */
  @Override
  public RunStatus process(RunContext context) throws Exception {
    context.tracker().target(config().target().path());
    // This run alone writes the table; it finishes or undoes any publish an earlier run left open
    // before anything else.
    ClaimedOutput claim =
        services()
            .claim(
                context,
                OUTPUT_NAME,
                config().target(),
                config().quality(),
                config().quarantinePath());
    return ClaimedOutput.abandoningOnFailure(List.of(claim), () -> refine(context, claim));
  }

  private RunStatus refine(RunContext context, ClaimedOutput claim) throws Exception {
    RunTracker tracker = context.tracker();
    FileSelection selection = select(context);
    if (selection.files().isEmpty()) {
      LOG.warn(
          "No input files to read ({}) under source.path {}: nothing to refine, reporting EMPTY",
          config().incremental().describe(),
          config().source().paths());
      return RunStatus.EMPTY;
    }
    RefinePlan plan = plan(context, selection);
    QualityPlan checks = claim.gate().plan(plan.refined(), clustering(plan));
    Dataset<Row> output = checks.output();
    // A schema change the table refuses fails the run before anything is written.
    services()
        .catalog()
        .checkBeforeWrite(context.spark(), OUTPUT_NAME, config().target(), output.schema());
    WriteResult written = write(plan, output, claim, tracker);
    RefinePlan.Metrics metrics = plan.metrics(METRICS_TIMEOUT);
    if (metrics.rowsRead() == 0) {
      // Empty files, header lines or blank lines only: as empty as no files at all.
      claim.gate().abandon();
      warnEmptyFiles(selection.files(), tracker);
      return RunStatus.EMPTY;
    }
    LOG.info(
        "Refined {} rows read: {} written, {} rejected, {} duplicates removed",
        metrics.rowsRead(),
        written.rowsWritten(),
        metrics.rowsInvalid(),
        metrics.duplicatesRemoved());
    tracker.counts(
        new RunCounts(metrics.rowsRead(), written.rowsWritten(), 0, metrics.duplicatesRemoved()));

    StagedOutput staged = audit(claim, checks, written, tracker);
    long quarantined = quarantine(plan, staged, metrics, tracker);
    tracker.counts(
        new RunCounts(
            metrics.rowsRead(), written.rowsWritten(), quarantined, metrics.duplicatesRemoved()));
    // A run whose counts do not add up lost or duplicated rows: fail it loudly.
    tracker.counts().reconcile();
    checkRejectedShare(tracker, staged);
    services().checkBeforePublish();
    staged.publish(selection.batch());
    if (quarantined > 0) {
      tracker.quarantineOutput(claim.quarantine().published());
    }
    tracker.step("publish");
    staged.announce(context);
    return RunStatus.SUCCEEDED;
  }

  /** The input files of this run, recorded as the run's inputs and given to the bookmarks. */
  private FileSelection select(RunContext context) {
    // A missing path throws SourceNotFoundException naming source.path and the path.
    FileSelection selection =
        FileSelection.select(
            context.spark(), config().source(), config().target().mode(), config().incremental());
    services().bookmarks().selected(selection);
    context
        .tracker()
        .inputs(
            RunInputs.of(
                selection.files().stream()
                    .map(file -> new InputFile(file.path(), file.size()))
                    .toList()));
    return selection;
  }

  /** Reads the selected files and plans the refine steps over them. */
  private RefinePlan plan(RunContext context, FileSelection selection) {
    RunTracker tracker = context.tracker();
    List<SourceFile> files = selection.files();
    LOG.info(
        "Found {} input files ({} bytes) under {}",
        tracker.inputs().fileCount(),
        String.format(Locale.ROOT, "%,d", tracker.inputs().totalBytes()),
        config().source().paths());
    ReadResult read =
        DatasetReaders.forFormat(config().source().format())
            .read(context.spark(), selection.source(), files);
    RefinePlan plan =
        RefinePipeline.plan(
            read.rows(),
            read.declaredSchema(),
            config().rules(),
            tracker.runId(),
            tracker.startedAt());
    tracker.step("plan");
    LOG.info(
        "Planned read of {} {} files and refine steps ({})",
        files.size(),
        config().source().format().configName(),
        plan.clustered()
            ? "dedupe within the write partitioning: one shuffle"
            : config().rules().deduplicates() ? "global dedupe, then write" : "no dedupe");
    return plan;
  }

  /** Clustered: hash-partitioned by the partition columns, which the dedupe key determines. */
  private Optional<QualityGate.Clustering> clustering(RefinePlan plan) {
    return plan.clustered()
        ? Optional.of(
            QualityGate.Clustering.deduplicated(plan.partitionBy(), config().rules().dedupeKey()))
        : Optional.empty();
  }

  /** Writes the planned output to the staging target. */
  private static WriteResult write(
      RefinePlan plan, Dataset<Row> output, ClaimedOutput claim, RunTracker tracker) {
    PartitionedParquetWriter writer = new PartitionedParquetWriter();
    WriteResult written =
        plan.clustered()
            ? writer.writeClustered(output, claim.gate().stagingTarget())
            : writer.write(output, claim.gate().stagingTarget());
    tracker.step("write");
    tracker.partitions(written.partitions());
    return written;
  }

  /**
   * Evaluates the rules over the staged output.
   *
   * @throws RunFailedException when a {@code fail} rule is broken: nothing is published
   */
  private StagedOutput audit(
      ClaimedOutput claim, QualityPlan checks, WriteResult written, RunTracker tracker) {
    StagedOutput staged = claim.audit(checks, written);
    if (config().quality().enabled()) {
      tracker.step("audit");
      tracker.quality(staged.evaluation().results().toReport());
    }
    if (!staged.publishable()) {
      // The only output: the run's error is its own.
      throw claim.gate().reject(staged.evaluation());
    }
    return staged;
  }

  /**
   * Second pass over the input, only when something was rejected or broke a quarantine rule: to the
   * run's unpublished quarantine, published with the output.
   *
   * @return the rows quarantined
   */
  private long quarantine(
      RefinePlan plan, StagedOutput staged, RefinePlan.Metrics metrics, RunTracker tracker) {
    long failedQuality = staged.rowsQuarantined();
    long expected = metrics.rowsInvalid() + failedQuality;
    if (expected == 0) {
      LOG.info("Quarantine: nothing to quarantine");
      return 0;
    }
    Dataset<Row> records = plan.quarantine();
    if (failedQuality > 0) {
      records =
          records.unionByName(
              QuarantineRecords.ofQualityFailures(
                  staged.plan(), tracker.runId(), tracker.startedAt()));
    }
    QuarantineFolder quarantine = staged.claim().quarantine();
    WriteResult written = quarantine.write(records, config().target());
    tracker.step("quarantine");
    String folder = quarantine.unpublished();
    tracker.quarantineOutput(folder);
    quarantine.checkWritten(
        written, expected, "quarantine", "were rejected while writing the target");
    LOG.info("Quarantined {} rows with their reasons to {}", written.rowsWritten(), folder);
    return written.rowsWritten();
  }

  /**
   * Fails the run when it rejected a larger share of the records it read than {@code
   * quarantine.max-ratio} allows. Called once the quarantine is written, so that the user can see
   * why, and before anything is published. The staged output is deleted and the metrics history
   * records the run as not published, as for a broken {@code fail} rule.
   */
  private void checkRejectedShare(RunTracker tracker, StagedOutput staged) {
    RunCounts counts = tracker.counts();
    Optional<String> exceeded =
        RejectedShare.RECORDS_READ.exceeded(
            config().quarantineMaxRatio(),
            counts.quarantined(),
            counts.read(),
            staged.claim().quarantine().unpublished());
    if (exceeded.isPresent()) {
      staged.reject();
      throw new RunFailedException(exceeded.get());
    }
  }

  /** Warns that the files read hold no record, saying what they may hold instead. */
  private void warnEmptyFiles(List<SourceFile> files, RunTracker tracker) {
    LOG.warn(
        "{} ({} bytes) {} no records{}: nothing to refine, reporting EMPTY",
        files.size() == 1 ? "The input file" : "The " + files.size() + " input files",
        String.format(Locale.ROOT, "%,d", tracker.inputs().totalBytes()),
        files.size() == 1 ? "holds" : "hold",
        whatEmptyFilesHold());
  }

  /** What files without a record may still hold, for the EMPTY warning. */
  private String whatEmptyFilesHold() {
    if (config().source().format() == SourceFormat.PARQUET) {
      return "";
    }
    if (config().source().format() == SourceFormat.CSV && config().source().csv().header()) {
      return " (only header and blank lines: the first line of each file is its header,"
          + " source.csv.header)";
    }
    return " (only blank lines)";
  }
}
