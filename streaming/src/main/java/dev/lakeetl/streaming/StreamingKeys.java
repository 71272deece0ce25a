package dev.lakeetl.streaming;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.notify.NotifyKeys;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.streaming.decode.PayloadFormat;
import dev.lakeetl.streaming.quality.RejectLimit;
import dev.lakeetl.streaming.source.KafkaAuthentication;
import dev.lakeetl.streaming.source.SourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The keys of the streaming job: {@code source.*} for Kafka and Kinesis, {@code decode.*}, {@code
 * stream.*}, {@code window.*}, on top of the core job, Spark, S3 and target keys.
 */
public final class StreamingKeys {
  public static final ConfigKey<SourceType> SOURCE_TYPE =
      ConfigKey.enumeration("source.type", SourceType.class)
          .withDefault(SourceType.KAFKA)
          .description(
              "Where records come from: kafka, kinesis (the toolkit's own source) or"
                  + " kinesis-bundled (the runtime's connector, see source.kinesis.format)");

  public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.string("source.kafka.bootstrap-servers")
          .description("Kafka: host:port list of brokers, e.g. b-1.msk.example:9098");
  public static final ConfigKey<List<String>> KAFKA_TOPICS =
      ConfigKey.list("source.kafka.topics")
          .withDefault(List.of())
          .description("Kafka: topics to read; or set source.kafka.topic-pattern");
  public static final ConfigKey<String> KAFKA_TOPIC_PATTERN =
      ConfigKey.string("source.kafka.topic-pattern")
          .description("Kafka: Java regex of topics to read, instead of source.kafka.topics");
  public static final ConfigKey<String> KAFKA_STARTING_OFFSETS =
      ConfigKey.string("source.kafka.starting-offsets")
          .withDefault("earliest")
          .description(
              "Kafka: where a new checkpoint starts: earliest, latest or Spark's JSON of offsets;"
                  + " a restart always resumes from the checkpoint");
  public static final ConfigKey<Long> KAFKA_MAX_OFFSETS_PER_TRIGGER =
      ConfigKey.longInteger("source.kafka.max-offsets-per-trigger")
          .positive()
          .description("Kafka: upper bound on records per micro-batch; unset reads all available");
  public static final ConfigKey<Boolean> KAFKA_FAIL_ON_DATA_LOSS =
      ConfigKey.bool("source.kafka.fail-on-data-loss")
          .withDefault(true)
          .description(
              "Kafka: stop when offsets the checkpoint expects were deleted (retention) instead of"
                  + " skipping them with a warning");
  public static final ConfigKey<KafkaAuthentication> KAFKA_AUTHENTICATION =
      ConfigKey.enumeration("source.kafka.authentication", KafkaAuthentication.class)
          .withDefault(KafkaAuthentication.NONE)
          .description(
              "Kafka: how the job authenticates to the brokers: none (plaintext, or what"
                  + " source.kafka.options sets) or aws-msk-iam (Amazon MSK's IAM access control,"
                  + " port 9098: SASL_SSL signed with the job's role; the job then sets"
                  + " kafka.security.protocol, kafka.sasl.mechanism, kafka.sasl.jaas.config and"
                  + " kafka.sasl.client.callback.handler.class itself)");
  public static final ConfigKey<Map<String, String>> KAFKA_OPTIONS =
      ConfigKey.map("source.kafka.options")
          .description(
              "Kafka: options passed to Spark's Kafka source as they are, e.g."
                  + " source.kafka.options.kafka.security.protocol: SASL_SSL; values of jaas,"
                  + " password, secret and token options are masked in logs");

  public static final ConfigKey<String> KINESIS_STREAM =
      ConfigKey.string("source.kinesis.stream").description("Kinesis: stream name");
  public static final ConfigKey<String> KINESIS_REGION =
      ConfigKey.string("source.kinesis.region").description("Kinesis: AWS region of the stream");
  public static final ConfigKey<String> KINESIS_ENDPOINT =
      ConfigKey.string("source.kinesis.endpoint")
          .description("Kinesis: endpoint override, e.g. an emulator on http://127.0.0.1:4567");
  public static final ConfigKey<String> KINESIS_STARTING_POSITION =
      ConfigKey.string("source.kinesis.starting-position")
          .withDefault("TRIM_HORIZON")
          .description(
              "Kinesis: where a new checkpoint starts: TRIM_HORIZON, LATEST or AT_TIMESTAMP");
  public static final ConfigKey<String> KINESIS_AT_TIMESTAMP =
      ConfigKey.string("source.kinesis.at-timestamp")
          .description("Kinesis: ISO-8601 instant for starting-position AT_TIMESTAMP");
  public static final ConfigKey<Integer> KINESIS_MAX_RECORDS_PER_SHARD =
      ConfigKey.integer("source.kinesis.max-records-per-shard")
          .positive()
          .description("Kinesis: upper bound on records per shard per micro-batch");
  public static final ConfigKey<Duration> KINESIS_EMPTY_READ_BUDGET =
      ConfigKey.duration("source.kinesis.empty-read-budget")
          .withDefault(Duration.ofSeconds(5))
          .description(
              "Kinesis: how long one poll of a shard, or one task, keeps calling GetRecords while it"
                  + " answers with no records but the shard has newer ones (MillisBehindLatest above"
                  + " 0), 200 ms apart; the next poll goes on from there");
  public static final ConfigKey<Boolean> KINESIS_FAIL_ON_DATA_LOSS =
      ConfigKey.bool("source.kinesis.fail-on-data-loss")
          .withDefault(true)
          .description(
              "Kinesis: stop when records expired past the stream's retention period before they"
                  + " were read (a batch re-run after its records expired, a shard that expired"
                  + " before it was read to its end, records after the last one read gone after a"
                  + " long stop) instead of skipping them with a warning, the source metric"
                  + " dataLossSkipped and an entry in the run report");
  public static final ConfigKey<String> KINESIS_FORMAT =
      ConfigKey.string("source.kinesis.format")
          .withDefault("kinesis")
          .description(
              "kinesis-bundled: the runtime's Kinesis data source name (Glue: kinesis,"
                  + " EMR: aws-kinesis)");
  public static final ConfigKey<Map<String, String>> KINESIS_OPTIONS =
      ConfigKey.map("source.kinesis.options")
          .description("Kinesis: extra options passed to the data source as they are");

  public static final ConfigKey<PayloadFormat> DECODE_FORMAT =
      ConfigKey.enumeration("decode.format", PayloadFormat.class)
          .required()
          .description("Record format: json, csv, avro or grok (log lines)");
  public static final ConfigKey<String> DECODE_SCHEMA =
      ConfigKey.string("decode.schema")
          .description(
              "Record schema as Spark DDL; required unless decode.infer-schema or the format is"
                  + " avro");
  public static final ConfigKey<Boolean> DECODE_INFER_SCHEMA =
      ConfigKey.bool("decode.infer-schema")
          .withDefault(false)
          .description(
              "Infer the schema from a sample of the stream at start (json, csv, grok); the"
                  + " inferred DDL is logged: pin it in decode.schema for production");
  public static final ConfigKey<Integer> DECODE_INFER_SAMPLE_SIZE =
      ConfigKey.integer("decode.infer-sample-size")
          .withDefault(1000)
          .positive()
          .description("Records the schema is inferred from");
  public static final ConfigKey<String> DECODE_EVENT_TIME =
      ConfigKey.string("decode.event-time")
          .required()
          .description(
              "TIMESTAMP column of the decoded record: partitions and windows derive from it;"
                  + " records without it are quarantined");
  public static final ConfigKey<Boolean> DECODE_EMPTY_AS_NULL =
      ConfigKey.bool("decode.empty-as-null")
          .withDefault(true)
          .description(
              "JSON, CSV and Grok: an empty value (,, or \"\") is null in every column; false keeps"
                  + " it as text: the empty string, or an invalid value in a typed column"
                  + " (quarantined)");
  public static final ConfigKey<List<String>> DECODE_NULL_VALUES =
      ConfigKey.list("decode.null-values")
          .withDefault(List.of())
          .description(
              "JSON, CSV and Grok: more value texts that are null in every column, e.g. [NA, n/a]");
  // Text records are parsed like source files: these three settings mean what the source's do.
  public static final ConfigKey<String> DECODE_TIMESTAMP_FORMAT =
      CoreKeys.SOURCE_TIMESTAMP_FORMAT.withName("decode.timestamp-format");
  public static final ConfigKey<String> DECODE_CSV_DELIMITER =
      CoreKeys.SOURCE_CSV_DELIMITER.withName("decode.csv.delimiter");
  public static final ConfigKey<String> DECODE_CSV_QUOTE =
      CoreKeys.SOURCE_CSV_QUOTE.withName("decode.csv.quote");
  public static final ConfigKey<String> DECODE_AVRO_SCHEMA =
      ConfigKey.string("decode.avro.schema")
          .description("Avro: the writer's schema as Avro JSON (records without a header)");
  public static final ConfigKey<String> DECODE_GROK_PATTERN =
      ConfigKey.string("decode.grok.pattern")
          .description("Grok: the pattern a line must match, e.g. %{COMMONAPACHELOG}");
  public static final ConfigKey<Map<String, String>> DECODE_GROK_PATTERNS =
      ConfigKey.map("decode.grok.patterns")
          .description(
              "Grok: custom patterns by name, usable in decode.grok.pattern as %{NAME:field}");

  public static final ConfigKey<Boolean> TARGET_HOURLY =
      ConfigKey.bool("target.hourly")
          .withDefault(false)
          .description("Partition by event_hour below event_date");

  public static final ConfigKey<String> CHECKPOINT_PATH =
      ConfigKey.string("stream.checkpoint-path")
          .required()
          .description(
              "Checkpoint folder (local or s3://); one sub-folder per query; a STOP file here"
                  + " stops the job gracefully");
  public static final ConfigKey<Duration> TRIGGER_INTERVAL =
      ConfigKey.duration("stream.trigger-interval")
          .withDefault(Duration.ofSeconds(10))
          .description("Micro-batch interval, e.g. 10s; 0s starts batches back to back");
  public static final ConfigKey<Duration> REPORT_INTERVAL =
      ConfigKey.duration("stream.report-interval")
          .withDefault(Duration.ofSeconds(30))
          .description("How often the run report JSON is rewritten while the job runs");

  public static final ConfigKey<Boolean> WINDOW_ENABLED =
      ConfigKey.bool("window.enabled")
          .withDefault(false)
          .description("Also write windowed aggregates of the refined records");
  public static final ConfigKey<String> WINDOW_PATH =
      ConfigKey.string("window.path")
          .description("Where the aggregates go; default target.path/_windows");
  public static final ConfigKey<Duration> WINDOW_DURATION =
      ConfigKey.duration("window.duration")
          .withDefault(Duration.ofSeconds(100))
          .description("Window size on event time");
  public static final ConfigKey<Duration> WINDOW_SLIDE =
      ConfigKey.duration("window.slide")
          .description("Slide of sliding windows; unset means tumbling windows");
  public static final ConfigKey<Duration> WINDOW_ALLOWED_LATENESS =
      ConfigKey.duration("window.allowed-lateness")
          .withDefault(Duration.ofMinutes(2))
          .description(
              "Watermark delay: how late a record may arrive and still count; a window is written"
                  + " once the watermark passes its end");
  public static final ConfigKey<List<String>> WINDOW_GROUP_BY =
      ConfigKey.list("window.group-by")
          .withDefault(List.of())
          .description("Columns aggregated separately within each window");
  public static final ConfigKey<List<String>> WINDOW_AGGREGATES =
      ConfigKey.list("window.aggregates")
          .withDefault(List.of("count(*) AS records"))
          .description("Spark SQL aggregate expressions with names, e.g. avg(delay) AS avg_delay");

  /** The streaming job's own keys (documented in docs/configuration.md, checked by a test). */
  public static final ConfigSchema OWN =
      ConfigSchema.of(
          SOURCE_TYPE,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_TOPICS,
          KAFKA_TOPIC_PATTERN,
          KAFKA_STARTING_OFFSETS,
          KAFKA_MAX_OFFSETS_PER_TRIGGER,
          KAFKA_FAIL_ON_DATA_LOSS,
          KAFKA_AUTHENTICATION,
          KAFKA_OPTIONS,
          KINESIS_STREAM,
          KINESIS_REGION,
          KINESIS_ENDPOINT,
          KINESIS_STARTING_POSITION,
          KINESIS_AT_TIMESTAMP,
          KINESIS_MAX_RECORDS_PER_SHARD,
          KINESIS_EMPTY_READ_BUDGET,
          KINESIS_FAIL_ON_DATA_LOSS,
          KINESIS_FORMAT,
          KINESIS_OPTIONS,
          DECODE_FORMAT,
          DECODE_SCHEMA,
          DECODE_INFER_SCHEMA,
          DECODE_INFER_SAMPLE_SIZE,
          DECODE_EVENT_TIME,
          DECODE_TIMESTAMP_FORMAT,
          DECODE_EMPTY_AS_NULL,
          DECODE_NULL_VALUES,
          DECODE_CSV_DELIMITER,
          DECODE_CSV_QUOTE,
          DECODE_AVRO_SCHEMA,
          DECODE_GROK_PATTERN,
          DECODE_GROK_PATTERNS,
          TARGET_HOURLY,
          CHECKPOINT_PATH,
          TRIGGER_INTERVAL,
          REPORT_INTERVAL,
          RejectLimit.STOP_ON_MAX_RATIO,
          WINDOW_ENABLED,
          WINDOW_PATH,
          WINDOW_DURATION,
          WINDOW_SLIDE,
          WINDOW_ALLOWED_LATENESS,
          WINDOW_GROUP_BY,
          WINDOW_AGGREGATES);

  /**
   * Every key the streaming job accepts: job, runtime, Spark and S3 keys, the target keys that
   * apply to a stream (not partition-by or write-mode: partitions are the event date and the file
   * sink only appends), and its own.
   */
  public static final ConfigSchema SCHEMA =
      CoreKeys.BASE
          .plus(
              ConfigSchema.of(
                  CoreKeys.TARGET_PATH,
                  CoreKeys.TARGET_COMPRESSION,
                  CoreKeys.TARGET_MAX_RECORDS_PER_FILE,
                  CoreKeys.QUARANTINE_PATH,
                  CoreKeys.QUARANTINE_MAX_RATIO,
                  CoreKeys.REPORT_PATH))
          .plus(OWN)
          .plus(QualityKeys.RULE_SCHEMA)
          .plus(NotifyKeys.SCHEMA);

  private StreamingKeys() {}
}
