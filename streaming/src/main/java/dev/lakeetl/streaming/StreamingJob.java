package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.report.RunIds;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.spark.SparkSessions;
import dev.lakeetl.streaming.run.ProgressListener;
import dev.lakeetl.streaming.run.RunLoop;
import dev.lakeetl.streaming.run.RunReporter;
import dev.lakeetl.streaming.run.StopSignal;
import dev.lakeetl.streaming.run.StreamingReportWriter;
import dev.lakeetl.streaming.run.StreamingStatus;
import dev.lakeetl.streaming.source.SecretOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka or Kinesis, decodes each record (JSON, CSV, Avro, Grok; compressed or not) once and
 * writes refined rows partitioned by event date, quarantined records and, when configured, the
 * windowed aggregates those rows complete, in one query through the {@link
 * dev.lakeetl.streaming.sink.OnePassSink} (idempotent per batch id): every output is exactly-once
 * with the checkpoint, so a restart after a crash neither loses nor duplicates rows. {@link
 * StreamingTopology} builds the query, {@link RunLoop} watches it, {@link RunReporter} writes the
 * run report.
 *
 * <p>The job runs until it is asked to stop: SIGTERM or a {@value StopSignal#MARKER_NAME} file in
 * stream.checkpoint-path. It then lets the running batch finish, stops the query and exits 0.
 *
 * <p>Exit codes: {@value #EXIT_STOPPED} stopped on request; {@value #EXIT_FAILED} a query failed or
 * the job could not start (the log and the run report say why); {@value
 * #EXIT_INVALID_CONFIGURATION} invalid configuration (nothing was started).
 */
public final class StreamingJob {
  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID_CONFIGURATION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
  private static final String GLUE_RUN_ID_ARGUMENT = "JOB_RUN_ID";
  private static final String ADAPTIVE_EXECUTION = "spark.sql.adaptive.enabled";

  private final JobArguments arguments;
  private final StreamingConfig config;
  private final Clock clock;

  /**
   * Parses the arguments and loads and validates the configuration; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public StreamingJob(String[] args, Map<String, String> environmentVariables, Clock clock) {
    requireNonNull(args, "args is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.arguments = JobArguments.parse(args);
    Settings settings = ConfigLoader.load(arguments, StreamingKeys.SCHEMA, environmentVariables);
    this.config = StreamingConfig.from(settings, arguments, environmentVariables);
    LOG.info(
        "Configuration of {} loaded:\n  {}",
        config.jobName(),
        settings.describe().stream()
            .map(SecretOptions::maskSettingLine)
            .collect(Collectors.joining("\n  ")));
  }

  /** Runs the job and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the job with the process environment, turning every outcome into an exit code. */
  public static int execute(String... args) {
    StreamingJob job;
    try {
      job = new StreamingJob(args, System.getenv(), Clock.systemUTC());
    } catch (ConfigException e) {
      LOG.error("Invalid configuration, not starting: {}", e.getMessage());
      return EXIT_INVALID_CONFIGURATION;
    }
    try {
      return job.run() == StreamingStatus.STOPPED ? EXIT_STOPPED : EXIT_FAILED;
    } catch (Exception e) {
      LOG.error("Run of {} failed unexpectedly: {}", job.config().jobName(), message(e), e);
      return EXIT_FAILED;
    }
  }

  /** The validated configuration. */
  public StreamingConfig config() {
    return config;
  }

  /**
   * Starts the queries and runs until a stop is requested or a query fails.
   *
   * @return STOPPED after a graceful stop, FAILED otherwise (the report says why)
   */
  public StreamingStatus run() {
    Instant startedAt = clock.instant();
    String runId = runId();
    SparkSession spark;
    try {
      spark = SparkSessions.create(config.spark(), config.jobName());
      if (!config.spark().conf().containsKey(ADAPTIVE_EXECUTION)) {
        // Streaming queries cannot use adaptive execution; Spark would warn once per query.
        spark.conf().set(ADAPTIVE_EXECUTION, "false");
      }
    } catch (Exception e) {
      LOG.error("Cannot start Spark: {}", message(e), e);
      return StreamingStatus.FAILED;
    }
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    StreamingPaths paths = StreamingPaths.resolve(config, hadoopConf);
    StreamingTopology topology = new StreamingTopology(config, paths, clock);
    ProgressListener progress = new ProgressListener(topology.queryNames());
    RunReporter reporter =
        new RunReporter(
            runId,
            config.jobName(),
            startedAt,
            clock,
            progress,
            topology.sink()::totals,
            topology.quality()::tallies,
            paths.outputs(),
            new StreamingReportWriter(RunReportWriter.location(paths.reports(), runId), hadoopConf),
            new SlackNotifier(config.slack()));
    StopSignal stop = new StopSignal(paths.checkpoint(), hadoopConf);
    stop.handleSigterm();
    List<StreamingQuery> queries = new ArrayList<>();
    spark.streams().addListener(progress);
    try {
      paths.checkNoFileSinkLog(hadoopConf);
      CheckpointCheck.verify(paths.queryCheckpoint(), hadoopConf);
      LOG.info("Run {}: reading {}", runId, config.source().describe());
      queries.addAll(topology.start(spark));
      LOG.info(
          "Run {}: {} queries started (trigger every {}); refined rows to {}, quarantine to {}{};"
              + " checkpoints under {}; stop with SIGTERM or by creating {}",
          runId,
          queries.size(),
          config.triggerInterval(),
          paths.target(),
          paths.quarantine(),
          paths.windows().map(path -> ", windows to " + path).orElse(""),
          paths.checkpoint(),
          stop.marker());
      return new RunLoop(clock, config.reportInterval(), topology.gate())
          .await(queries, stop, reporter);
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws undeclared checked exceptions.
      LOG.error("Run {} of {} failed: {}", runId, config.jobName(), message(e), e);
      RunLoop.stopAll(queries);
      reporter.write(StreamingStatus.FAILED, Optional.of(message(e)));
      return StreamingStatus.FAILED;
    } finally {
      spark.streams().removeListener(progress);
    }
  }

  /** --run-id, else Glue's JOB_RUN_ID, else a new one. */
  private String runId() {
    return arguments
        .runId()
        .or(() -> Optional.ofNullable(arguments.ignored().get(GLUE_RUN_ID_ARGUMENT)))
        .filter(id -> !id.isBlank())
        .orElseGet(() -> RunIds.newRunId(clock));
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getName() : message;
  }
}
