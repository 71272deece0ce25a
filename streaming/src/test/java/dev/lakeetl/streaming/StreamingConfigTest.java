package dev.lakeetl.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Ratio;
import dev.lakeetl.config.Settings;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.streaming.quality.RejectLimit;
import dev.lakeetl.streaming.sink.EventPartitioning;
import dev.lakeetl.streaming.source.KafkaSourceConfig;
import dev.lakeetl.streaming.source.SecretOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> values = new HashMap<>();
    values.put("job.name", "flights-streaming");
    values.put("runtime", "local");
    values.put("source.kafka.bootstrap-servers", "127.0.0.1:9092");
    values.put("source.kafka.topics", "flights");
    values.put("decode.format", "json");
    values.put("decode.schema", "departure_time TIMESTAMP, origin STRING");
    values.put("decode.event-time", "departure_time");
    values.put("target.path", "out/streaming/flights");
    values.put("stream.checkpoint-path", "out/checkpoints/flights");
    return values;
  }

  private static StreamingConfig load(Map<String, String> values) {
    return StreamingConfig.from(
        Settings.of(StreamingKeys.SCHEMA, values), JobArguments.empty(), Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void theShippedConfigPostsWithTheSecretOfEachAwsEnvironment(String environment) {
    SlackConfig slack = shippedConfigSlack(environment);

    assertThat(slack.enabled()).isTrue();
    assertThat(slack.webhookSecret()).contains("lakeetl-" + environment + "/slack-webhook");
  }

  @Test
  void theShippedConfigPostsNothingLocally() {
    assertThat(shippedConfigSlack("local").enabled()).isFalse();
  }

  private static SlackConfig shippedConfigSlack(String environment) {
    JobArguments arguments =
        JobArguments.parse("--config", "../conf/flights-streaming.yaml", "--env", environment);
    return SlackConfig.from(ConfigLoader.load(arguments, StreamingKeys.SCHEMA, Map.of()));
  }

  @Test
  void defaults() {
    StreamingConfig config = load(minimal());

    assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.quarantinePath()).isEqualTo("out/streaming/flights/_quarantine");
    assertThat(config.reportPath()).isEqualTo("out/streaming/flights/_reports");
    assertThat(config.checkpoint("refined")).isEqualTo("out/checkpoints/flights/refined");
    assertThat(config.window()).isEmpty();
    assertThat(config.rejectLimit())
        .contains(new RejectLimit(Ratio.parse("quarantine.max-ratio", "50%"), false));
    assertThat(config.source().readerOptions())
        .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("subscribe", "flights")
        .containsEntry("startingOffsets", "earliest")
        .containsEntry("failOnDataLoss", "true")
        .containsEntry("kafka.isolation.level", "read_committed")
        .doesNotContainKey("maxOffsetsPerTrigger");
  }

  @Test
  void recordsOfAbortedTransactionsAreSkippedUnlessTheIsolationLevelIsGiven() {
    Map<String, String> values = minimal();
    values.put("source.kafka.options.kafka.isolation.level", "read_uncommitted");

    assertThat(load(values).source().readerOptions())
        .containsEntry("kafka.isolation.level", "read_uncommitted");
  }

  @Test
  void startingOptionsThatWouldOverrideStartingOffsetsAreRefused() {
    for (String option :
        new String[] {
          "startingTimestamp", "startingOffsetsByTimestamp", "startingOffsetsByTimestampStrategy"
        }) {
      Map<String, String> values = minimal();
      values.put("source.kafka.options." + option, "1714521600000");

      assertThatThrownBy(() -> load(values))
          .as(option)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "Cannot use source.kafka.options."
                  + option
                  + ": Spark would start from it instead of source.kafka.starting-offsets");
    }
  }

  @Test
  void theRejectLimitStopsTheStreamOnRequestAndCanBeTurnedOff() {
    Map<String, String> values = minimal();
    values.put("quarantine.max-ratio", "0.1");
    values.put("stream.stop-on-max-ratio", "true");
    assertThat(load(values).rejectLimit())
        .contains(new RejectLimit(Ratio.parse("quarantine.max-ratio", "10%"), true));

    values.put("quarantine.max-ratio", "off");
    assertThat(load(values).rejectLimit()).isEmpty();
  }

  @Test
  void emptyValuesAreNullUnlessSaidOtherwiseAndNullValuesAreRead() {
    assertThat(load(minimal()).decode().nullValues()).isEqualTo(NullValues.DEFAULT);

    Map<String, String> values = minimal();
    values.put("decode.empty-as-null", "false");
    values.put("decode.null-values", "NA, n/a");
    assertThat(load(values).decode().nullValues())
        .isEqualTo(new NullValues(false, List.of("NA", "n/a")));
  }

  @Test
  void targetHourlyPartitionsTheRefinedTableByHourBelowTheDay() {
    assertThat(load(minimal()).partitioning()).isEqualTo(EventPartitioning.DAILY);

    Map<String, String> values = minimal();
    values.put("target.hourly", "true");
    assertThat(load(values).partitioning()).isEqualTo(EventPartitioning.HOURLY);
    assertThat(load(values).partitioning().partitionColumns())
        .containsExactly("event_date", "event_hour");
  }

  @Test
  void windowDefaultsToHundredSecondTumblingWindows() {
    Map<String, String> values = minimal();
    values.put("window.enabled", "true");

    StreamingConfig config = load(values);

    assertThat(config.window().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(100));
    assertThat(config.window().orElseThrow().slide()).isEmpty();
    assertThat(config.window().orElseThrow().path()).isEqualTo("out/streaming/flights/_windows");
  }

  @Test
  void namesTheKeyOfEachProblem() {
    Map<String, String> both = minimal();
    both.put("source.kafka.topic-pattern", "flights-.*");
    assertThatThrownBy(() -> load(both))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "set exactly one of source.kafka.topics and source.kafka.topic-pattern");

    Map<String, String> managed = minimal();
    managed.put("source.kafka.options.subscribe", "other");
    assertThatThrownBy(() -> load(managed))
        .hasMessageContaining("Cannot use source.kafka.options.subscribe");

    Map<String, String> slide = minimal();
    slide.put("window.enabled", "true");
    slide.put("window.slide", "5 minutes");
    assertThatThrownBy(() -> load(slide))
        .hasMessageContaining(
            "window.slide '5m' must be positive and at most window.duration '100s'");

    Map<String, String> interval = minimal();
    interval.put("stream.trigger-interval", "soon");
    assertThatThrownBy(() -> load(interval))
        .hasMessageContaining(
            "stream.trigger-interval (from given value): 'soon' is not a duration like 30s, 5m or"
                + " 2h");

    Map<String, String> noSchema = minimal();
    noSchema.remove("decode.schema");
    assertThatThrownBy(() -> load(noSchema))
        .hasMessageContaining(
            "Cannot decode json records: set exactly one of decode.schema and"
                + " decode.infer-schema: true");
  }

  @Test
  void qualityRulesAreReadAndThoseWithoutMeaningForAMicroBatchAreRejected() {
    Map<String, String> rules = minimal();
    rules.put("quality.rules.origin-known.type", "completeness");
    rules.put("quality.rules.origin-known.column", "origin");
    rules.put("quality.dqdl", "Rules = [ IsComplete \"departure_time\" ]");
    assertThat(load(rules).quality().rules())
        .extracting(rule -> rule.name() + ":" + rule.type())
        .hasSize(2)
        .startsWith("origin-known:completeness");

    rules.put("quality.enabled", "false");
    assertThat(load(rules).quality().isEmpty()).isTrue();

    Map<String, String> history = minimal();
    history.put("quality.rules.steady.type", "row-count-anomaly");
    history.put("quality.rules.steady.max-deviation-percent", "30");
    history.put("quality.rules.known.type", "referential-integrity");
    history.put("quality.rules.known.column", "origin");
    history.put("quality.rules.known.reference.dataset", "airports");
    history.put("quality.rules.known.reference.column", "iata");
    assertThatThrownBy(() -> load(history))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("quality.rules.steady: a row-count-anomaly rule compares whole runs")
        .hasMessageContaining("quality.rules.known: reference.dataset names a dataset");

    Map<String, String> staging = minimal();
    staging.put("quality.staging-path", "out/staging");
    assertThatThrownBy(() -> load(staging)).hasMessageContaining("quality.staging-path");
  }

  @Test
  void securityOptionsPassThroughAndAreMaskedInLogs() {
    Map<String, String> values = minimal();
    values.put("source.kafka.options.kafka.security.protocol", "SASL_SSL");
    values.put(
        "source.kafka.options.kafka.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"etl\""
            + " password=\"hunter22\";");

    StreamingConfig config = load(values);

    assertThat(config.source()).isInstanceOf(KafkaSourceConfig.class);
    assertThat(config.source().readerOptions())
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsKey("kafka.sasl.jaas.config");
    assertThat(config.source().describe())
        .contains("kafka.security.protocol=SASL_SSL", "kafka.sasl.jaas.config=****")
        .doesNotContain("hunter22");
    assertThat(
            SecretOptions.maskSettingLine(
                "source.kafka.options.kafka.sasl.jaas.config = x password=\"hunter22\";  (argument"
                    + " --source.kafka.options.kafka.sasl.jaas.config)"))
        .isEqualTo(
            "source.kafka.options.kafka.sasl.jaas.config = ****  (argument"
                + " --source.kafka.options.kafka.sasl.jaas.config)");
  }

  @Test
  void withoutAuthenticationTheKafkaOptionsAreTheJobsOwnOnly() {
    Map<String, String> plain =
        Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9092",
            "subscribe", "flights",
            "startingOffsets", "earliest",
            "failOnDataLoss", "true",
            "kafka.isolation.level", "read_committed");

    assertThat(load(minimal()).source().readerOptions()).isEqualTo(plain);

    Map<String, String> none = minimal();
    none.put("source.kafka.authentication", "none");
    assertThat(load(none).source().readerOptions()).isEqualTo(plain);
  }

  @Test
  void mskIamAuthenticationSetsTheSaslOptionsOfTheIamLibrary() {
    Map<String, String> values = minimal();
    values.put("source.kafka.authentication", "aws-msk-iam");

    assertThat(load(values).source().readerOptions())
        .isEqualTo(
            Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:9092",
                "subscribe", "flights",
                "startingOffsets", "earliest",
                "failOnDataLoss", "true",
                "kafka.isolation.level", "read_committed",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "AWS_MSK_IAM",
                "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "kafka.sasl.client.callback.handler.class",
                    "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
    assertThat(load(values).source().describe())
        .contains("kafka.sasl.mechanism=AWS_MSK_IAM", "kafka.security.protocol=SASL_SSL");
  }

  @Test
  void mskIamAuthenticationRefusesPassThroughOptionsThatWouldOverrideIt() {
    for (String option :
        List.of(
            "kafka.security.protocol",
            "kafka.sasl.mechanism",
            "kafka.sasl.jaas.config",
            "kafka.sasl.client.callback.handler.class",
            "Kafka.SASL.Mechanism")) {
      Map<String, String> values = minimal();
      values.put("source.kafka.authentication", "aws-msk-iam");
      values.put("source.kafka.options." + option, "PLAIN");

      assertThatThrownBy(() -> load(values))
          .as(option)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "Cannot use source.kafka.options."
                  + option
                  + ": source.kafka.authentication aws-msk-iam sets it")
          .hasMessageNotContaining("PLAIN");
    }

    Map<String, String> truststore = minimal();
    truststore.put("source.kafka.authentication", "aws-msk-iam");
    truststore.put("source.kafka.options.kafka.ssl.truststore.location", "/etc/msk.jks");
    assertThat(load(truststore).source().readerOptions())
        .containsEntry("kafka.ssl.truststore.location", "/etc/msk.jks")
        .containsEntry("kafka.security.protocol", "SASL_SSL");

    Map<String, String> unknown = minimal();
    unknown.put("source.kafka.authentication", "iam");
    assertThatThrownBy(() -> load(unknown))
        .hasMessageContaining("'iam' is not one of none, aws-msk-iam");
  }

  @Test
  void aConflictingOptionStopsTheJobWithExitCode2BeforeSparkStarts() {
    Map<String, String> values = minimal();
    values.put("source.kafka.authentication", "aws-msk-iam");
    values.put("source.kafka.options.kafka.sasl.mechanism", "SCRAM-SHA-512");
    List<String> arguments = new ArrayList<>();
    values.forEach((key, value) -> arguments.add("--" + key + "=" + value));

    assertThat(StreamingJob.execute(arguments.toArray(new String[0])))
        .isEqualTo(StreamingJob.EXIT_INVALID_CONFIGURATION);
  }

  @Test
  void kinesisUsesTheToolkitsSourceOrTheBundledOne() {
    Map<String, String> values = minimal();
    values.put("source.type", "kinesis");
    values.remove("source.kafka.topics");
    values.put("source.kinesis.stream", "flights");
    values.put("source.kinesis.endpoint", "http://127.0.0.1:4567");

    assertThat(load(values).source().format()).isEqualTo("lakeetl-kinesis");
    assertThat(load(values).source().readerOptions())
        .containsEntry("stream", "flights")
        .containsEntry("endpoint", "http://127.0.0.1:4567")
        .containsEntry("starting-position", "TRIM_HORIZON")
        .containsEntry("empty-read-budget", "5s")
        .containsEntry("fail-on-data-loss", "true");
    values.put("source.kinesis.fail-on-data-loss", "false");
    assertThat(load(values).source().readerOptions()).containsEntry("fail-on-data-loss", "false");
    values.remove("source.kinesis.fail-on-data-loss");
    values.put("source.kinesis.empty-read-budget", "2 seconds");
    assertThat(load(values).source().readerOptions()).containsEntry("empty-read-budget", "2s");
    values.put("source.kinesis.empty-read-budget", "soon");
    assertThatThrownBy(() -> load(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.kinesis.empty-read-budget");
    values.remove("source.kinesis.empty-read-budget");
    values.put("source.kinesis.options.idle-poll-interval", "250ms");
    assertThat(load(values).source().readerOptions()).containsEntry("idle-poll-interval", "250ms");
    values.remove("source.kinesis.options.idle-poll-interval");
    values.put("source.kinesis.options.retry-backoff-ms", "200");
    assertThatThrownBy(() -> load(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "source.kinesis.options.retry-backoff-ms: renamed to"
                + " source.kinesis.options.retry-backoff; write"
                + " source.kinesis.options.retry-backoff: 200ms");
    values.remove("source.kinesis.options.retry-backoff-ms");

    values.put("source.type", "kinesis-bundled");
    values.put("source.kinesis.format", "aws-kinesis");
    values.put("source.kinesis.options.kinesis.streamName", "flights");
    assertThat(load(values).source().format()).isEqualTo("aws-kinesis");
    assertThat(load(values).source().readerOptions())
        .isEqualTo(Map.of("kinesis.streamName", "flights"));
  }
}
