package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.report.RunIds;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.spark.SparkSessions;
import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.check.MicroBatchCheck;
import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.run.ProgressListener;
import dev.lakeetl.streaming.run.QueryProgress;
import dev.lakeetl.streaming.run.StopSignal;
import dev.lakeetl.streaming.run.StreamingReport;
import dev.lakeetl.streaming.run.StreamingReportWriter;
import dev.lakeetl.streaming.run.StreamingStatus;
import dev.lakeetl.streaming.sink.RefinedRows;
import dev.lakeetl.streaming.sink.WindowConfig;
import dev.lakeetl.streaming.sink.WindowedAggregation;
import dev.lakeetl.streaming.source.SecretOptions;
import dev.lakeetl.streaming.source.StreamSample;
import dev.lakeetl.streaming.source.StreamSources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka or Kinesis, decodes each record (JSON, CSV, Avro, Grok; compressed or not) and writes
 * refined rows partitioned by event date, quarantined records and, when configured, windowed
 * aggregates to Parquet through Spark's file sink: every output is exactly-once with its
 * checkpoint, so a restart after a crash neither loses nor duplicates rows.
 *
 * <p>The job runs until it is asked to stop: SIGTERM or a {@value StopSignal#MARKER_NAME} file in
 * stream.checkpoint-path. It then lets running batches finish, stops the queries and exits 0.
 *
 * <p>Exit codes: {@value #EXIT_STOPPED} stopped on request; {@value #EXIT_FAILED} a query failed or
 * the job could not start (the log and the run report say why); {@value
 * #EXIT_INVALID_CONFIGURATION} invalid configuration (nothing was started).
 */
public final class StreamingJob {
  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID_CONFIGURATION = 2;

  /** Query names; also the checkpoint sub-folders and the observation names. */
  static final String REFINED = "refined";

  static final String QUARANTINE = "quarantine";
  static final String WINDOWS = "windows";
  static final String CHECKS = "checks";

  private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
  private static final String GLUE_RUN_ID_ARGUMENT = "JOB_RUN_ID";
  private static final String ADAPTIVE_EXECUTION = "spark.sql.adaptive.enabled";
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final Duration BATCH_FINISH_TIMEOUT = Duration.ofMinutes(10);

  private final JobArguments arguments;
  private final StreamingConfig config;
  private final Clock clock;
  private final List<MicroBatchCheck> checks;

  /**
   * Parses the arguments and loads and validates the configuration; does not start Spark.
   *
   * @param checks per-batch checks over the refined rows (the quality hook); may be empty
   * @throws ConfigException describing every configuration problem
   */
  public StreamingJob(
      String[] args,
      Map<String, String> environmentVariables,
      Clock clock,
      List<MicroBatchCheck> checks) {
    requireNonNull(args, "args is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.checks = List.copyOf(requireNonNull(checks, "checks is null"));
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
      job = new StreamingJob(args, System.getenv(), Clock.systemUTC(), List.of());
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
    Paths paths = new Paths(hadoopConf);
    StreamingReportWriter reports =
        new StreamingReportWriter(RunReportWriter.location(paths.reports, runId), hadoopConf);
    Map<String, String> queryNames = new LinkedHashMap<>();
    for (String query : List.of(REFINED, QUARANTINE, WINDOWS, CHECKS)) {
      queryNames.put(config.jobName() + "-" + query, query);
    }
    ProgressListener progress = new ProgressListener(queryNames, REFINED);
    AtomicLong checkFindings = new AtomicLong();
    Reporter reporter = new Reporter(runId, startedAt, progress, paths, reports);
    StopSignal stop = new StopSignal(paths.checkpoint, hadoopConf);
    stop.handleSigterm();
    List<StreamingQuery> queries = new ArrayList<>();
    spark.streams().addListener(progress);
    try {
      LOG.info("Run {}: reading {}", runId, config.source().describe());
      StructType schema = schema(spark);
      DecodeSchemas.validate(schema, config.decode().eventTime(), RefinedRows.RESERVED);
      LOG.info("Record schema ({}): {}", config.decode().format().configName(), schema.toDDL());
      Dataset<Row> decoded =
          RecordDecoder.decode(
              StreamSources.records(spark, config.source()), config.decode(), schema);
      Dataset<Row> refined =
          RefinedRows.refined(decoded, config.decode().eventTime(), config.hourly());
      queries.add(
          fileSink(
                  observed(refined, REFINED),
                  REFINED,
                  paths.target,
                  RefinedRows.partitionColumns(config.hourly()))
              .start());
      queries.add(
          fileSink(
                  observed(
                      RefinedRows.quarantined(decoded, config.decode().eventTime()), QUARANTINE),
                  QUARANTINE,
                  paths.quarantine,
                  List.of(RefinedRows.ARRIVAL_DATE))
              .start());
      if (config.window().isPresent()) {
        Dataset<Row> windows =
            WindowedAggregation.aggregate(
                refined, config.decode().eventTime(), config.window().get());
        queries.add(
            fileSink(
                    observed(windows, WINDOWS),
                    WINDOWS,
                    paths.windows.orElseThrow(),
                    List.of(WindowedAggregation.WINDOW_DATE))
                .start());
      }
      if (!checks.isEmpty()) {
        queries.add(checksQuery(refined, checkFindings));
      }
      LOG.info(
          "Run {}: {} queries started (trigger every {}); refined rows to {}, quarantine to {}{};"
              + " checkpoints under {}; stop with SIGTERM or by creating {}",
          runId,
          queries.size(),
          config.triggerInterval(),
          paths.target,
          paths.quarantine,
          paths.windows.map(path -> ", windows to " + path).orElse(""),
          paths.checkpoint,
          stop.marker());
      return await(queries, stop, reporter);
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws undeclared checked exceptions.
      LOG.error("Run {} of {} failed: {}", runId, config.jobName(), message(e), e);
      stopAll(queries);
      reporter.write(StreamingStatus.FAILED, Optional.of(message(e)));
      return StreamingStatus.FAILED;
    } finally {
      spark.streams().removeListener(progress);
    }
  }

  private StructType schema(SparkSession spark) {
    if (!config.decode().inferSchema()) {
      return DecodeSchemas.declared(config.decode());
    }
    int size = config.decode().inferSampleSize();
    LOG.info("Inferring the record schema from up to {} records of the stream", size);
    List<byte[]> sample = StreamSample.payloads(spark, config.source(), size);
    StructType inferred = DecodeSchemas.infer(spark, config.decode(), sample);
    LOG.warn(
        "Inferred the record schema from {} records; pin it for production runs with"
            + " decode.schema: \"{}\"",
        sample.size(),
        inferred.toDDL());
    return inferred;
  }

  private static Dataset<Row> observed(Dataset<Row> rows, String name) {
    return rows.observe(name, count(lit(1)).as(ProgressListener.ROWS));
  }

  private DataStreamWriter<Row> fileSink(
      Dataset<Row> rows, String query, String path, List<String> partitionBy) {
    return rows.writeStream()
        .queryName(config.jobName() + "-" + query)
        .format("parquet")
        .outputMode(OutputMode.Append())
        .option("path", path)
        .option("checkpointLocation", config.checkpoint(query))
        .option("compression", config.compression())
        .option("maxRecordsPerFile", config.maxRecordsPerFile())
        .partitionBy(partitionBy.toArray(new String[0]))
        .trigger(trigger());
  }

  private StreamingQuery checksQuery(Dataset<Row> refined, AtomicLong findings)
      throws TimeoutException {
    List<MicroBatchCheck> batchChecks = checks;
    VoidFunction2<Dataset<Row>, Long> runChecks =
        (batch, batchId) -> {
          for (MicroBatchCheck check : batchChecks) {
            List<String> problems = check.check(batch, batchId);
            findings.addAndGet(problems.size());
            problems.forEach(
                problem -> LOG.warn("Check {} on batch {}: {}", check.name(), batchId, problem));
          }
        };
    return refined
        .writeStream()
        .queryName(config.jobName() + "-" + CHECKS)
        .option("checkpointLocation", config.checkpoint(CHECKS))
        .trigger(trigger())
        .foreachBatch(runChecks)
        .start();
  }

  private Trigger trigger() {
    return Trigger.ProcessingTime(config.triggerInterval().toMillis());
  }

  /** Runs until a stop request or a failed query; rewrites the report periodically. */
  private StreamingStatus await(List<StreamingQuery> queries, StopSignal stop, Reporter reporter)
      throws InterruptedException {
    Instant nextReport = clock.instant();
    while (true) {
      for (StreamingQuery query : queries) {
        if (!query.isActive()) {
          String error =
              query.exception().isDefined()
                  ? "query " + query.name() + " failed: " + query.exception().get().getMessage()
                  : "query " + query.name() + " stopped unexpectedly";
          LOG.error("Stopping the run: {}", error);
          stopAll(queries);
          reporter.write(StreamingStatus.FAILED, Optional.of(error));
          return StreamingStatus.FAILED;
        }
      }
      Optional<String> stopReason = stop.check();
      if (stopReason.isPresent()) {
        LOG.info("Stopping gracefully ({}): letting running batches finish", stopReason.get());
        stopAfterBatch(queries);
        stop.clearMarker();
        reporter.write(StreamingStatus.STOPPED, Optional.empty());
        return StreamingStatus.STOPPED;
      }
      if (!clock.instant().isBefore(nextReport)) {
        reporter.write(StreamingStatus.RUNNING, Optional.empty());
        nextReport = clock.instant().plus(config.reportInterval());
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * Stops each query between batches. A batch interrupted anyway (it outlived the timeout) is
   * redone from the checkpoint on the next start: the file sink commits a batch only when complete.
   */
  private static void stopAfterBatch(List<StreamingQuery> queries) throws InterruptedException {
    for (StreamingQuery query : queries) {
      long deadline = System.nanoTime() + BATCH_FINISH_TIMEOUT.toNanos();
      while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      stop(query);
    }
  }

  private static void stopAll(List<StreamingQuery> queries) {
    queries.forEach(StreamingJob::stop);
  }

  private static void stop(StreamingQuery query) {
    try {
      query.stop();
    } catch (Exception e) {
      LOG.warn("Cannot stop query {}: {}", query.name(), message(e));
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

  /** The configured locations resolved for this runtime (s3:// to s3a:// where needed). */
  private final class Paths {
    private final String target;
    private final String quarantine;
    private final Optional<String> windows;
    private final String checkpoint;
    private final String reports;

    private Paths(Configuration hadoopConf) {
      this.target = StoragePaths.resolve(config.targetPath(), hadoopConf);
      this.quarantine = StoragePaths.resolve(config.quarantinePath(), hadoopConf);
      this.windows =
          config
              .window()
              .map(WindowConfig::path)
              .map(path -> StoragePaths.resolve(path, hadoopConf));
      this.checkpoint = StoragePaths.resolve(config.checkpointPath(), hadoopConf);
      this.reports = StoragePaths.resolve(config.reportPath(), hadoopConf);
    }
  }

  /** Builds and writes the run report; a report that cannot be written is logged, not fatal. */
  private final class Reporter {
    private final String runId;
    private final Instant startedAt;
    private final ProgressListener progress;
    private final Paths paths;
    private final StreamingReportWriter writer;

    private Reporter(
        String runId,
        Instant startedAt,
        ProgressListener progress,
        Paths paths,
        StreamingReportWriter writer) {
      this.runId = runId;
      this.startedAt = startedAt;
      this.progress = progress;
      this.paths = paths;
      this.writer = writer;
    }

    private void write(StreamingStatus status, Optional<String> error) {
      List<QueryProgress> latest = progress.latest();
      Map<String, Optional<String>> outputs = new LinkedHashMap<>();
      outputs.put("target", Optional.of(paths.target));
      outputs.put("quarantine", Optional.of(paths.quarantine));
      outputs.put("windows", paths.windows);
      outputs.put("checkpoint", Optional.of(paths.checkpoint));
      StreamingReport report =
          new StreamingReport(
              runId,
              config.jobName(),
              status,
              startedAt,
              clock.instant(),
              progress.read(),
              progress.observed(REFINED),
              progress.observed(QUARANTINE),
              progress.observed(WINDOWS),
              latest,
              outputs,
              error);
      try {
        writer.write(report);
      } catch (RuntimeException e) {
        LOG.error("Cannot write the run report {}: {}", writer.location(), message(e));
      }
      if (status != StreamingStatus.RUNNING) {
        String summary = report.summaryLine(writer.location());
        if (status == StreamingStatus.FAILED) {
          LOG.error(summary);
        } else {
          LOG.info(summary);
        }
      }
    }
  }
}
