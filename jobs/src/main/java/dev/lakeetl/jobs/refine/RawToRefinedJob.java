package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.io.DatasetReaders;
import dev.lakeetl.io.ReadFailures;
import dev.lakeetl.io.ReadResult;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFiles;
import dev.lakeetl.io.SourceNotFoundException;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.report.InputFile;
import dev.lakeetl.report.ReconciliationException;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunIds;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunOutputs;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.spark.SparkSessions;
import dev.lakeetl.spark.StoragePaths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw dataset, checks and types it, quarantines what is bad, deduplicates, and writes
 * partitioned Parquet plus a run report. Everything dataset-specific is configuration ({@link
 * RefineKeys}, core keys); adding a dataset needs no Java.
 *
 * <p>Exit codes:
 *
 * <ul>
 *   <li>{@value #EXIT_SUCCEEDED}: the run succeeded, or found no input (report status EMPTY)
 *   <li>{@value #EXIT_RUN_FAILED}: the run failed (missing input path, unreadable file, counts that
 *       do not reconcile...); a FAILED report is written when the report folder is writable
 *   <li>{@value #EXIT_INVALID_CONFIGURATION}: the configuration is invalid; Spark was not started
 * </ul>
 */
public final class RawToRefinedJob {
  public static final int EXIT_SUCCEEDED = 0;
  public static final int EXIT_RUN_FAILED = 1;
  public static final int EXIT_INVALID_CONFIGURATION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(RawToRefinedJob.class);
  private static final String GLUE_RUN_ID_ARGUMENT = "JOB_RUN_ID";
  private static final String TIME_PARSER_POLICY = "spark.sql.legacy.timeParserPolicy";
  private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(2);

  private final JobArguments arguments;
  private final RawToRefinedConfig config;
  private final Clock clock;

  /**
   * Parses the arguments and loads and validates the configuration; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public RawToRefinedJob(String[] args, Map<String, String> environmentVariables, Clock clock) {
    requireNonNull(args, "args is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.arguments = JobArguments.parse(args);
    Settings settings = ConfigLoader.load(arguments, RefineKeys.SCHEMA, environmentVariables);
    this.config = RawToRefinedConfig.from(settings, arguments, environmentVariables);
    LOG.info(
        "Configuration of {} loaded:\n  {}",
        config.jobName(),
        String.join("\n  ", settings.describe()));
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args) {
    int exitCode = execute(args);
    if (exitCode != EXIT_SUCCEEDED) {
      System.exit(exitCode);
    }
  }

  /**
   * Runs the job with the process environment, turning every outcome into an exit code (see the
   * class comment). Never throws.
   */
  public static int execute(String... args) {
    RawToRefinedJob job;
    try {
      job = new RawToRefinedJob(args, System.getenv(), Clock.systemUTC());
    } catch (ConfigException e) {
      LOG.error("Invalid configuration, not starting: {}", e.getMessage());
      return EXIT_INVALID_CONFIGURATION;
    }
    try {
      return job.run().status() == RunStatus.FAILED ? EXIT_RUN_FAILED : EXIT_SUCCEEDED;
    } catch (Exception e) {
      // run() reports failures itself; this is the last guard so main() always exits cleanly.
      LOG.error("Run of {} failed unexpectedly: {}", job.config().jobName(), e.getMessage(), e);
      return EXIT_RUN_FAILED;
    }
  }

  /** The validated configuration. */
  public RawToRefinedConfig config() {
    return config;
  }

  /**
   * Runs the job once. Failures are logged and reported in the returned report (status FAILED), not
   * thrown.
   */
  public RunReport run() {
    Instant startedAt = clock.instant();
    String runId = runId();
    RunTracker tracker = new RunTracker(runId, startedAt);
    SparkSession spark;
    try {
      spark = SparkSessions.create(config.spark(), config.jobName());
      if (!config.spark().conf().containsKey(TIME_PARSER_POLICY)) {
        // Unparsable timestamps must become nulls (and quarantine reasons), not upgrade errors.
        spark.conf().set(TIME_PARSER_POLICY, "CORRECTED");
      }
      LOG.info(
          "Spark session ready: Spark {} on {} (runtime {}), run {}",
          spark.version(),
          spark.sparkContext().master(),
          config.spark().runtime().configName(),
          runId);
    } catch (Exception e) {
      LOG.error("Cannot start Spark: {}", message(e), e);
      return tracker.finish(RunStatus.FAILED, Optional.of("Cannot start Spark: " + message(e)));
    }
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    tracker.reportLocation =
        RunReportWriter.location(StoragePaths.resolve(config.reportPath(), hadoopConf), runId);
    RunReport report;
    try {
      report = refine(spark, tracker, startedAt);
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark rethrows task failures as the checked
      // SparkException without declaring it.
      Optional<String> expected = expectedFailure(e);
      if (expected.isPresent()) {
        // Bad input or configuration: the message says it all, a stack trace would only hide it.
        LOG.error("Run {} of {} failed: {}", runId, config.jobName(), expected.get());
      } else {
        LOG.error("Run {} of {} failed: {}", runId, config.jobName(), message(e), e);
      }
      report = tracker.finish(RunStatus.FAILED, Optional.of(expected.orElseGet(() -> message(e))));
    }
    return writeReport(report, hadoopConf);
  }

  private RunReport refine(SparkSession spark, RunTracker tracker, Instant startedAt) {
    // A missing path throws SourceNotFoundException naming source.path and the path.
    List<SourceFile> files = SourceFiles.list(spark, config.source());
    tracker.inputs =
        RunInputs.of(files.stream().map(file -> new InputFile(file.path(), file.size())).toList());
    if (files.isEmpty()) {
      LOG.warn(
          "No input files under source.path {}: nothing to refine, reporting EMPTY",
          config.source().paths());
      return tracker.finish(RunStatus.EMPTY, Optional.empty());
    }
    LOG.info(
        "Found {} input files ({} bytes) under {}",
        tracker.inputs.fileCount(),
        String.format(Locale.ROOT, "%,d", tracker.inputs.totalBytes()),
        config.source().paths());

    ReadResult read =
        DatasetReaders.forFormat(config.source().format()).read(spark, config.source(), files);
    RefinePlan plan =
        RefinePipeline.plan(
            read.rows(), read.declaredSchema(), config.rules(), tracker.runId, startedAt);
    tracker.step("plan");
    LOG.info(
        "Planned read of {} {} files and refine steps ({})",
        files.size(),
        config.source().format().configName(),
        plan.clustered()
            ? "dedupe within the write partitioning: one shuffle"
            : config.rules().deduplicates() ? "global dedupe, then write" : "no dedupe");

    PartitionedParquetWriter writer = new PartitionedParquetWriter();
    WriteResult written =
        plan.clustered()
            ? writer.writeClustered(plan.refined(), config.target())
            : writer.write(plan.refined(), config.target());
    tracker.step("write");
    tracker.partitions = written.partitions();
    RefinePlan.Metrics metrics = plan.metrics(METRICS_TIMEOUT);
    LOG.info(
        "Refined {} rows read: {} written, {} rejected, {} duplicates removed",
        metrics.rowsRead(),
        written.rowsWritten(),
        metrics.rowsInvalid(),
        metrics.duplicatesRemoved());
    tracker.counts =
        new RunCounts(metrics.rowsRead(), written.rowsWritten(), 0, metrics.duplicatesRemoved());

    long quarantined = 0;
    if (metrics.rowsInvalid() > 0) {
      quarantined = quarantine(plan, tracker, metrics.rowsInvalid());
    } else {
      LOG.info("Quarantine: nothing to quarantine");
    }
    tracker.counts =
        new RunCounts(
            metrics.rowsRead(), written.rowsWritten(), quarantined, metrics.duplicatesRemoved());
    // A run whose counts do not add up lost or duplicated rows: fail it loudly.
    tracker.counts.reconcile();
    return tracker.finish(RunStatus.SUCCEEDED, Optional.empty());
  }

  /** Second pass over the input, only when something was rejected. */
  private long quarantine(RefinePlan plan, RunTracker tracker, long expected) {
    WriterConfig quarantineTarget =
        new WriterConfig(
            config.quarantinePath(),
            List.of(QuarantineRecords.RUN_ID),
            config.target().compression(),
            config.target().maxRecordsPerFile(),
            WriteMode.OVERWRITE_PARTITIONS);
    WriteResult written = new PartitionedParquetWriter().write(plan.quarantine(), quarantineTarget);
    tracker.step("quarantine");
    String folder =
        stripSlash(config.quarantinePath()) + "/" + QuarantineRecords.RUN_ID + "=" + tracker.runId;
    tracker.quarantineOutput = Optional.of(folder);
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

  private RunReport writeReport(RunReport report, Configuration hadoopConf) {
    try {
      RunReportWriter.write(report, hadoopConf);
      LOG.info("Run report written to {}", report.outputs().report());
    } catch (Exception e) {
      LOG.error("Cannot write run report {}: {}", report.outputs().report(), message(e), e);
      if (report.status() != RunStatus.FAILED) {
        report = withError(report, "Cannot write run report: " + message(e));
      }
    }
    String summary = RunReportWriter.summaryLine(report);
    if (report.status() == RunStatus.FAILED) {
      LOG.error(summary);
    } else {
      LOG.info(summary);
    }
    return report;
  }

  private static RunReport withError(RunReport report, String error) {
    return new RunReport(
        report.runId(),
        report.job(),
        RunStatus.FAILED,
        report.startedAt(),
        report.finishedAt(),
        report.inputs(),
        report.counts(),
        report.partitionsWritten(),
        report.outputs(),
        report.durationsMillis(),
        Optional.of(error));
  }

  /** --run-id, else Glue's JOB_RUN_ID, else a new one. */
  private String runId() {
    return arguments
        .runId()
        .or(() -> Optional.ofNullable(arguments.ignored().get(GLUE_RUN_ID_ARGUMENT)))
        .filter(id -> !id.isBlank())
        .orElseGet(() -> RunIds.newRunId(clock));
  }

  /**
   * The message of a failure caused by the input or the configuration rather than a bug: a missing
   * path, an unreadable file (named by the reader), rules naming columns the data lacks, counts
   * that do not reconcile.
   */
  private static Optional<String> expectedFailure(Exception failure) {
    Optional<String> unreadable = ReadFailures.explain(failure);
    if (unreadable.isPresent()) {
      return unreadable;
    }
    if (failure instanceof SourceNotFoundException
        || failure instanceof ReconciliationException
        || failure instanceof IllegalArgumentException) {
      return Optional.of(message(failure));
    }
    return Optional.empty();
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getName() : message;
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** What the run has done so far, for the report; failures report the partial state. */
  private final class RunTracker {
    private final String runId;
    private final Instant startedAt;
    private final Map<String, Long> durations = new LinkedHashMap<>();
    private Instant stepStartedAt;
    private String reportLocation;
    private RunInputs inputs = RunInputs.NONE;
    private RunCounts counts = RunCounts.ZERO;
    private List<String> partitions = List.of();
    private Optional<String> quarantineOutput = Optional.empty();

    private RunTracker(String runId, Instant startedAt) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.stepStartedAt = startedAt;
      this.reportLocation = RunReportWriter.location(config.reportPath(), runId);
    }

    private void step(String name) {
      Instant now = clock.instant();
      durations.put(name, Duration.between(stepStartedAt, now).toMillis());
      stepStartedAt = now;
    }

    private RunReport finish(RunStatus status, Optional<String> error) {
      Instant finishedAt = clock.instant();
      durations.put("total", Duration.between(startedAt, finishedAt).toMillis());
      return new RunReport(
          runId,
          config.jobName(),
          status,
          startedAt,
          finishedAt,
          inputs,
          counts,
          partitions,
          new RunOutputs(config.target().path(), quarantineOutput, reportLocation),
          durations,
          error);
    }
  }
}
