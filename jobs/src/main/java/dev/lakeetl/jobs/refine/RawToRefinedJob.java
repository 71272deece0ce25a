package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.catalog.CatalogListener;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.incremental.BookmarkCommitter;
import dev.lakeetl.incremental.FileSelection;
import dev.lakeetl.io.ReadResult;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.formats.DatasetReaders;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.job.BatchJob;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RejectedShare;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunFailedException;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.job.RunTracker;
import dev.lakeetl.job.TableLeases;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.quality.QualityEvaluator;
import dev.lakeetl.quality.QualityGate;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.quality.WriteAuditPublish;
import dev.lakeetl.report.InputFile;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw dataset, checks and types it, quarantines what is bad, deduplicates, and writes
 * partitioned Parquet plus a run report. Everything dataset-specific is configuration ({@link
 * RefineKeys}, core keys); adding a dataset needs no Java. Exit codes and the run lifecycle are
 * those of every batch job ({@link JobMain}, {@link BatchJobRunner}).
 */
public final class RawToRefinedJob implements BatchJob {
  /** Name of the refined output, as listeners (e.g. the catalog) see it. */
  public static final String OUTPUT_NAME = "refined";

  private static final Logger LOG = LoggerFactory.getLogger(RawToRefinedJob.class);
  private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);

  private final JobArguments arguments;
  private final RawToRefinedConfig config;
  private final BookmarkCommitter bookmarks = new BookmarkCommitter();
  private final TableLeases leases;
  private final SlackConfig slack;
  private final CatalogListener catalog;

  /**
   * Loads and validates the configuration; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public RawToRefinedJob(JobArguments arguments, Map<String, String> environmentVariables) {
    this.arguments = requireNonNull(arguments, "arguments is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    Settings settings = ConfigLoader.load(arguments, RefineKeys.SCHEMA, environmentVariables);
    this.config = RawToRefinedConfig.from(settings, arguments, environmentVariables);
    this.slack = SlackConfig.from(settings);
    this.leases = new TableLeases(settings.get(CoreKeys.LEASE_WAIT));
    this.catalog =
        new CatalogListener(
            config.catalog().map(table -> Map.of(OUTPUT_NAME, table)).orElse(Map.of()));
    LOG.info(
        "Configuration of {} loaded:\n  {}",
        config.jobName(),
        String.join("\n  ", settings.describe()));
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args) {
    JobMain.main(args, RawToRefinedJob::new);
  }

  /** Runs the job with the process environment and returns its exit code; never throws. */
  public static int execute(String... args) {
    return JobMain.execute(args, RawToRefinedJob::new, System.getenv(), Clock.systemUTC());
  }

  /** The validated configuration. */
  public RawToRefinedConfig config() {
    return config;
  }

  /** Runs the job once; failures are in the returned report (status FAILED), not thrown. */
  public RunReport run(Clock clock) {
    return BatchJobRunner.run(this, arguments, clock);
  }

  @Override
  public JobSetup setup() {
    return new JobSetup(
        config.jobName(),
        config.spark(),
        config.reportPath(),
        config.catalog().map(CatalogConfig::metastore));
  }

  /** Catalog registration when configured (inside the run), then the Slack notice (after it). */
  @Override
  public List<RunListener> listeners() {
    List<RunListener> listeners = new ArrayList<>();
    listeners.add(bookmarks);
    // Released once the run is over, after the bookmark commit.
    listeners.add(leases);
    if (config.catalog().isPresent()) {
      listeners.add(catalog);
    }
    if (slack.enabled()) {
      listeners.add(new SlackNotifier(slack));
    }
    return List.copyOf(listeners);
  }

  @Override
  public RunStatus process(RunContext context) throws Exception {
    context.tracker().target(config.target().path());
    // The run writes to a staging folder and publishes only once its rules pass and its counts
    // reconcile, rules or not: a failed or killed run never changes the table.
    WriteAuditPublish wap =
        new WriteAuditPublish(
            context.spark(),
            config.quality(),
            config.target(),
            context.tracker().runId(),
            context.clock());
    // This run alone writes the table; it finishes or undoes any publish an earlier run left open
    // before anything else.
    leases.acquire(context, config.target().path());
    wap.recover();
    QuarantineFolder quarantine = quarantineFolder(context, context.runId());
    quarantine.clearUnpublished();
    quarantine.removeKilledWrites();
    try {
      return refine(context, wap, quarantine);
    } catch (Exception | Error e) {
      // Whatever failed after staging (a write error, counts that do not reconcile): no leftovers.
      wap.abandon();
      throw e;
    }
  }

  private RunStatus refine(
      RunContext context, WriteAuditPublish wap, QuarantineFolder quarantineFolder)
      throws Exception {
    SparkSession spark = context.spark();
    RunTracker tracker = context.tracker();
    // A missing path throws SourceNotFoundException naming source.path and the path.
    FileSelection selection =
        FileSelection.select(
            spark,
            config.source(),
            config.target().mode() == WriteMode.OVERWRITE_PARTITIONS,
            config.incremental());
    bookmarks.selected(selection);
    List<SourceFile> files = selection.files();
    tracker.inputs(
        RunInputs.of(files.stream().map(file -> new InputFile(file.path(), file.size())).toList()));
    if (files.isEmpty()) {
      LOG.warn(
          "No input files to read ({}) under source.path {}: nothing to refine, reporting EMPTY",
          config.incremental().describe(),
          config.source().paths());
      return RunStatus.EMPTY;
    }
    LOG.info(
        "Found {} input files ({} bytes) under {}",
        tracker.inputs().fileCount(),
        String.format(Locale.ROOT, "%,d", tracker.inputs().totalBytes()),
        config.source().paths());

    ReadResult read =
        DatasetReaders.forFormat(config.source().format()).read(spark, selection.source(), files);
    RefinePlan plan =
        RefinePipeline.plan(
            read.rows(),
            read.declaredSchema(),
            config.rules(),
            tracker.runId(),
            tracker.startedAt());
    tracker.step("plan");
    LOG.info(
        "Planned read of {} {} files and refine steps ({})",
        files.size(),
        config.source().format().configName(),
        plan.clustered()
            ? "dedupe within the write partitioning: one shuffle"
            : config.rules().deduplicates() ? "global dedupe, then write" : "no dedupe");

    // Clustered: hash-partitioned by the partition columns, which the dedupe key determines.
    Optional<QualityGate.Clustering> clustering =
        plan.clustered()
            ? Optional.of(
                QualityGate.Clustering.deduplicated(plan.partitionBy(), config.rules().dedupeKey()))
            : Optional.empty();
    QualityPlan checks = wap.plan(plan.refined(), clustering);
    Dataset<Row> output = checks.output();
    // A schema change the table refuses fails the run before anything is written.
    catalog.checkBeforeWrite(spark, OUTPUT_NAME, config.target(), output.schema());
    WriterConfig writeTo = wap.stagingTarget();
    PartitionedParquetWriter writer = new PartitionedParquetWriter();
    WriteResult written =
        plan.clustered() ? writer.writeClustered(output, writeTo) : writer.write(output, writeTo);
    tracker.step("write");
    tracker.partitions(written.partitions());
    RefinePlan.Metrics metrics = plan.metrics(METRICS_TIMEOUT);
    if (metrics.rowsRead() == 0) {
      // Empty files, header lines or blank lines only: as empty as no files at all.
      wap.abandon();
      LOG.warn(
          "{} ({} bytes) {} no records{}: nothing to refine, reporting EMPTY",
          files.size() == 1 ? "The input file" : "The " + files.size() + " input files",
          String.format(Locale.ROOT, "%,d", tracker.inputs().totalBytes()),
          files.size() == 1 ? "holds" : "hold",
          whatEmptyFilesHold());
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

    QualityEvaluator.Evaluation audit = wap.audit(checks, written);
    if (config.quality().enabled()) {
      tracker.step("audit");
      tracker.quality(audit.results().toReport());
    }
    if (!audit.results().publishable()) {
      throw wap.reject(audit);
    }
    long failedQuality = audit.results().rowsQuarantined();

    long quarantined = 0;
    if (metrics.rowsInvalid() + failedQuality > 0) {
      Dataset<Row> records = plan.quarantine();
      if (failedQuality > 0) {
        records =
            records.unionByName(
                QuarantineRecords.ofQualityFailures(
                    checks.quarantined().orElseThrow(),
                    QualityPlan.REASON,
                    tracker.runId(),
                    tracker.startedAt()));
      }
      quarantined =
          quarantine(records, quarantineFolder, tracker, metrics.rowsInvalid() + failedQuality);
    } else {
      LOG.info("Quarantine: nothing to quarantine");
    }
    tracker.counts(
        new RunCounts(
            metrics.rowsRead(), written.rowsWritten(), quarantined, metrics.duplicatesRemoved()));
    // A run whose counts do not add up lost or duplicated rows: fail it loudly.
    tracker.counts().reconcile();
    checkRejectedShare(tracker, quarantineFolder);
    // Still alone, and no bookmark commit since the input was selected: else publish nothing.
    leases.check();
    bookmarks.checkCurrent();
    wap.publish(written, audit, selection.batch());
    // Where readers look only once the output it belongs to is: a run that does not get here
    // leaves it unpublished, and its retry quarantines the same records again.
    quarantineFolder.publish();
    if (quarantined > 0) {
      tracker.quarantineOutput(quarantineFolder.published());
    }
    tracker.step("publish");
    context.published(new PublishedOutput(OUTPUT_NAME, config.target(), output.schema(), written));
    return RunStatus.SUCCEEDED;
  }

  /**
   * Fails the run when it rejected a larger share of the records it read than {@code
   * quarantine.max-ratio} allows. Called once the quarantine is written, so that the user can see
   * why, and before anything is published.
   */
  private void checkRejectedShare(RunTracker tracker, QuarantineFolder quarantine) {
    RunCounts counts = tracker.counts();
    Optional<String> exceeded =
        RejectedShare.RECORDS_READ.exceeded(
            config.quarantineMaxRatio(),
            counts.quarantined(),
            counts.read(),
            quarantine.unpublished());
    if (exceeded.isPresent()) {
      throw new RunFailedException(exceeded.get());
    }
  }

  /** What files without a record may still hold, for the EMPTY warning. */
  private String whatEmptyFilesHold() {
    if (config.source().format() == SourceFormat.PARQUET) {
      return "";
    }
    if (config.source().format() == SourceFormat.CSV && config.source().csv().header()) {
      return " (only header and blank lines: the first line of each file is its header,"
          + " source.csv.header)";
    }
    return " (only blank lines)";
  }

  /**
   * Second pass over the input, only when something was rejected: to the run's unpublished
   * quarantine, published with the output.
   */
  private long quarantine(
      Dataset<Row> records, QuarantineFolder quarantine, RunTracker tracker, long expected) {
    WriteResult written =
        quarantine.write(
            records, config.target().compression(), config.target().maxRecordsPerFile());
    tracker.step("quarantine");
    String folder = quarantine.unpublished();
    tracker.quarantineOutput(folder);
    if (written.rowsWritten() != expected) {
      throw new IllegalStateException(
          "Cannot reconcile quarantine: "
              + expected
              + " rows were rejected while writing the target but "
              + written.rowsWritten()
              + " were written to "
              + folder);
    }
    LOG.info("Quarantined {} rows with their reasons to {}", written.rowsWritten(), folder);
    return written.rowsWritten();
  }

  /** The quarantine folder of a run. */
  private QuarantineFolder quarantineFolder(RunContext context, String runId) {
    return new QuarantineFolder(
        context.spark().sparkContext().hadoopConfiguration(), config.quarantinePath(), runId);
  }
}
