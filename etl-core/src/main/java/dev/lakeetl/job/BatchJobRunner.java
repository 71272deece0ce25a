package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.report.RunIds;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.spark.SparkSessions;
import dev.lakeetl.spark.StoragePaths;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link BatchJob}: starts Spark, gives the run its id, runs the job, calls the listeners,
 * writes the run report and logs its summary line. Failures become a FAILED report, never an
 * exception.
 */
public final class BatchJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchJobRunner.class);
  private static final String GLUE_RUN_ID_ARGUMENT = "JOB_RUN_ID";
  private static final String TIME_PARSER_POLICY = "spark.sql.legacy.timeParserPolicy";

  private BatchJobRunner() {}

  /**
   * Runs the job once.
   *
   * @param arguments the program arguments the job was configured from: {@code --run-id}, or Glue's
   *     {@code --JOB_RUN_ID}, names the run
   * @return the report written, or the one that could not be written (then FAILED, saying why)
   */
  public static RunReport run(BatchJob job, JobArguments arguments, Clock clock) {
    requireNonNull(job, "job is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(clock, "clock is null");
    JobSetup setup = job.setup();
    Instant startedAt = clock.instant();
    String runId = runId(arguments, clock);
    RunTracker tracker =
        new RunTracker(
            setup.jobName(),
            runId,
            startedAt,
            clock,
            RunReportWriter.location(setup.reportPath(), runId));
    List<RunListener> listeners = job.listeners();
    SparkSession spark;
    try {
      spark = startSpark(setup, runId);
    } catch (Exception e) {
      LOG.error("Cannot start Spark: {}", Failures.message(e), e);
      RunReport report =
          tracker.finish(
              RunStatus.FAILED, Optional.of("Cannot start Spark: " + Failures.message(e)));
      LOG.error(RunReportWriter.summaryLine(report));
      return finished(report, listeners);
    }
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    tracker.reportLocation(
        RunReportWriter.location(StoragePaths.resolve(setup.reportPath(), hadoopConf), runId));
    RunContext context = new RunContext(spark, setup, arguments, clock, tracker, listeners);
    RunReport report;
    try {
      RunStatus status = job.process(context);
      if (status == RunStatus.FAILED) {
        throw new IllegalStateException("Job returned FAILED instead of throwing its failure");
      }
      if (status == RunStatus.SUCCEEDED) {
        context.succeeded();
      }
      report = tracker.finish(status, Optional.empty());
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark rethrows task failures as the checked
      // SparkException without declaring it.
      Optional<String> expected = Failures.expected(e);
      if (expected.isPresent()) {
        // Bad input or configuration: the message says it all, a stack trace would only hide it.
        LOG.error("Run {} of {} failed: {}", runId, setup.jobName(), expected.get());
      } else {
        LOG.error("Run {} of {} failed: {}", runId, setup.jobName(), Failures.message(e), e);
      }
      report =
          tracker.finish(
              RunStatus.FAILED, Optional.of(expected.orElseGet(() -> Failures.message(e))));
    }
    return finished(writeReport(report, hadoopConf), listeners);
  }

  private static SparkSession startSpark(JobSetup setup, String runId) {
    SparkSession spark =
        setup
            .metastore()
            .map(metastore -> SparkSessions.create(setup.spark(), metastore, setup.jobName()))
            .orElseGet(() -> SparkSessions.create(setup.spark(), setup.jobName()));
    if (!setup.spark().conf().containsKey(TIME_PARSER_POLICY)) {
      // Unparsable timestamps must become nulls (and quarantine reasons), not upgrade errors.
      spark.conf().set(TIME_PARSER_POLICY, "CORRECTED");
    }
    LOG.info(
        "Spark session ready: Spark {} on {} (runtime {}), run {}",
        spark.version(),
        spark.sparkContext().master(),
        setup.spark().runtime().configName(),
        runId);
    return spark;
  }

  private static RunReport writeReport(RunReport report, Configuration hadoopConf) {
    try {
      RunReportWriter.write(report, hadoopConf);
      LOG.info("Run report written to {}", report.outputs().report());
    } catch (Exception e) {
      LOG.error(
          "Cannot write run report {}: {}", report.outputs().report(), Failures.message(e), e);
      if (report.status() != RunStatus.FAILED) {
        report = withError(report, "Cannot write run report: " + Failures.message(e));
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

  private static RunReport finished(RunReport report, List<RunListener> listeners) {
    for (RunListener listener : listeners) {
      try {
        listener.runFinished(report);
      } catch (RuntimeException e) {
        LOG.warn(
            "Ignoring failure of {} after run {}: {}",
            listener.getClass().getSimpleName(),
            report.runId(),
            Failures.message(e),
            e);
      }
    }
    return report;
  }

  private static RunReport withError(RunReport report, String error) {
    RunHeader<RunStatus> header = report.header();
    return new RunReport(
        new RunHeader<>(
            header.runId(),
            header.job(),
            RunStatus.FAILED,
            header.startedAt(),
            header.reportedAt(),
            Optional.of(error)),
        report.inputs(),
        report.counts(),
        report.partitionsWritten(),
        report.outputs(),
        report.durationsMillis(),
        report.datasets(),
        report.quality());
  }

  /** --run-id, else Glue's JOB_RUN_ID, else a new one. */
  private static String runId(JobArguments arguments, Clock clock) {
    return arguments
        .runId()
        .or(() -> Optional.ofNullable(arguments.ignored().get(GLUE_RUN_ID_ARGUMENT)))
        .filter(id -> !id.isBlank())
        .orElseGet(() -> RunIds.newRunId(clock));
  }
}
