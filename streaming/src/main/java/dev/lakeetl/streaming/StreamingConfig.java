package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.CoreConfigs;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.decode.DecodeConfig;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.RejectLimit;
import dev.lakeetl.streaming.sink.EventPartitioning;
import dev.lakeetl.streaming.sink.WindowConfig;
import dev.lakeetl.streaming.source.KafkaSourceConfig;
import dev.lakeetl.streaming.source.KinesisSourceConfig;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.streaming.source.SourceType;
import dev.lakeetl.streaming.source.StreamSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a streaming run needs, validated.
 *
 * @param jobName job.name
 * @param source source.*
 * @param decode decode.*
 * @param targetPath target.path: the refined table
 * @param partitioning target.hourly: {@link EventPartitioning#HOURLY} when true
 * @param compression target.compression
 * @param maxRecordsPerFile target.max-records-per-file
 * @param quarantinePath quarantine.path (default {@code <target.path>/_quarantine})
 * @param reportPath report.path (default {@code <target.path>/_reports})
 * @param checkpointPath stream.checkpoint-path
 * @param triggerInterval stream.trigger-interval
 * @param reportInterval stream.report-interval
 * @param window window.*, when enabled
 * @param quality quality.*: the rules checked on every micro-batch; empty when none or disabled
 * @param rejectLimit quarantine.max-ratio and stream.stop-on-max-ratio: the share of a
 *     micro-batch's records that may be quarantined; empty when off
 * @param slack notify.slack.*: where the end of a run is posted
 * @param spark runtime, spark.*, s3.*
 */
public record StreamingConfig(
    String jobName,
    StreamSourceConfig source,
    DecodeConfig decode,
    String targetPath,
    EventPartitioning partitioning,
    String compression,
    long maxRecordsPerFile,
    String quarantinePath,
    String reportPath,
    String checkpointPath,
    Duration triggerInterval,
    Duration reportInterval,
    Optional<WindowConfig> window,
    RuleSet quality,
    Optional<RejectLimit> rejectLimit,
    SlackConfig slack,
    SparkConfig spark) {
  static final String WINDOW_FOLDER = "_windows";

  public StreamingConfig {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(source, "source is null");
    requireNonNull(decode, "decode is null");
    requireNonNull(targetPath, "targetPath is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(compression, "compression is null");
    requireNonNull(quarantinePath, "quarantinePath is null");
    requireNonNull(reportPath, "reportPath is null");
    requireNonNull(checkpointPath, "checkpointPath is null");
    requireNonNull(triggerInterval, "triggerInterval is null");
    requireNonNull(reportInterval, "reportInterval is null");
    requireNonNull(window, "window is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(rejectLimit, "rejectLimit is null");
    requireNonNull(slack, "slack is null");
    requireNonNull(spark, "spark is null");
    if (maxRecordsPerFile <= 0) {
      throw new IllegalArgumentException(
          "Cannot write refined rows: target.max-records-per-file " + maxRecordsPerFile);
    }
    if (reportInterval.isZero() || reportInterval.isNegative()) {
      throw new IllegalArgumentException(
          "Cannot report progress: stream.report-interval must be positive");
    }
  }

  /**
   * Builds the configuration from loaded settings.
   *
   * @throws ConfigException naming the key when a value is valid on its own but not for this job
   */
  public static StreamingConfig from(
      Settings settings, JobArguments arguments, Map<String, String> environmentVariables) {
    requireNonNull(settings, "settings is null");
    try {
      String targetPath = settings.get(CoreKeys.TARGET_PATH);
      Optional<WindowConfig> window = Optional.empty();
      if (settings.get(StreamingKeys.WINDOW_ENABLED)) {
        window =
            Optional.of(
                new WindowConfig(
                    text(settings, StreamingKeys.WINDOW_PATH)
                        .orElse(StoragePaths.child(targetPath, WINDOW_FOLDER)),
                    settings.get(StreamingKeys.WINDOW_DURATION),
                    settings.find(StreamingKeys.WINDOW_SLIDE),
                    settings.get(StreamingKeys.WINDOW_ALLOWED_LATENESS),
                    settings.get(StreamingKeys.WINDOW_GROUP_BY),
                    settings.get(StreamingKeys.WINDOW_AGGREGATES)));
      }
      return new StreamingConfig(
          CoreConfigs.jobName(settings),
          source(settings),
          decode(settings),
          targetPath,
          settings.get(StreamingKeys.TARGET_HOURLY)
              ? EventPartitioning.HOURLY
              : EventPartitioning.DAILY,
          settings.get(CoreKeys.TARGET_COMPRESSION),
          settings.get(CoreKeys.TARGET_MAX_RECORDS_PER_FILE),
          CoreConfigs.quarantinePath(settings),
          CoreConfigs.reportPath(settings),
          settings.get(StreamingKeys.CHECKPOINT_PATH),
          settings.get(StreamingKeys.TRIGGER_INTERVAL),
          settings.get(StreamingKeys.REPORT_INTERVAL),
          window,
          quality(settings),
          CoreConfigs.quarantineMaxRatio(settings)
              .map(ratio -> new RejectLimit(ratio, settings.get(RejectLimit.STOP_ON_MAX_RATIO))),
          SlackConfig.from(settings),
          CoreConfigs.spark(settings, arguments, environmentVariables));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static RuleSet quality(Settings settings) {
    if (!settings.get(QualityKeys.ENABLED)) {
      return RuleSet.EMPTY;
    }
    RuleSet rules = QualityConfig.rules(settings);
    List<String> unsupported = BatchQuality.unsupported(rules);
    if (!unsupported.isEmpty()) {
      throw new ConfigException(unsupported);
    }
    return rules;
  }

  /** The checkpoint folder of one query: {@code <stream.checkpoint-path>/<query>}. */
  public String checkpoint(String query) {
    return StoragePaths.child(checkpointPath, query);
  }

  private static StreamSourceConfig source(Settings settings) {
    SourceType type = settings.get(StreamingKeys.SOURCE_TYPE);
    if (type == SourceType.KAFKA) {
      return new KafkaSourceConfig(
          text(settings, StreamingKeys.KAFKA_BOOTSTRAP_SERVERS).orElse(""),
          settings.get(StreamingKeys.KAFKA_TOPICS),
          text(settings, StreamingKeys.KAFKA_TOPIC_PATTERN),
          settings.get(StreamingKeys.KAFKA_STARTING_OFFSETS),
          settings.find(StreamingKeys.KAFKA_MAX_OFFSETS_PER_TRIGGER),
          settings.get(StreamingKeys.KAFKA_FAIL_ON_DATA_LOSS),
          settings.get(StreamingKeys.KAFKA_AUTHENTICATION),
          settings.get(StreamingKeys.KAFKA_OPTIONS));
    }
    String format =
        type == SourceType.KINESIS
            ? SourceRecords.KINESIS_FORMAT
            : settings.get(StreamingKeys.KINESIS_FORMAT);
    return new KinesisSourceConfig(
        type,
        format,
        text(settings, StreamingKeys.KINESIS_STREAM).orElse(""),
        text(settings, StreamingKeys.KINESIS_REGION),
        text(settings, StreamingKeys.KINESIS_ENDPOINT),
        settings.get(StreamingKeys.KINESIS_STARTING_POSITION),
        text(settings, StreamingKeys.KINESIS_AT_TIMESTAMP),
        settings.find(StreamingKeys.KINESIS_MAX_RECORDS_PER_SHARD),
        settings.get(StreamingKeys.KINESIS_EMPTY_READ_BUDGET),
        settings.get(StreamingKeys.KINESIS_FAIL_ON_DATA_LOSS),
        settings.get(StreamingKeys.KINESIS_OPTIONS));
  }

  private static DecodeConfig decode(Settings settings) {
    return new DecodeConfig(
        settings.get(StreamingKeys.DECODE_FORMAT),
        text(settings, StreamingKeys.DECODE_SCHEMA),
        settings.get(StreamingKeys.DECODE_INFER_SCHEMA),
        settings.get(StreamingKeys.DECODE_INFER_SAMPLE_SIZE),
        settings.get(StreamingKeys.DECODE_EVENT_TIME),
        text(settings, StreamingKeys.DECODE_TIMESTAMP_FORMAT),
        settings.get(StreamingKeys.DECODE_CSV_DELIMITER),
        settings.get(StreamingKeys.DECODE_CSV_QUOTE),
        text(settings, StreamingKeys.DECODE_AVRO_SCHEMA),
        text(settings, StreamingKeys.DECODE_GROK_PATTERN),
        settings.get(StreamingKeys.DECODE_GROK_PATTERNS),
        new NullValues(
            settings.get(StreamingKeys.DECODE_EMPTY_AS_NULL),
            settings.get(StreamingKeys.DECODE_NULL_VALUES)));
  }

  private static Optional<String> text(Settings settings, ConfigKey<String> key) {
    return settings.find(key).filter(value -> !value.isBlank());
  }
}
