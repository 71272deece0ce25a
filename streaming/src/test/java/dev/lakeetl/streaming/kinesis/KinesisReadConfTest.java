package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisReadConfTest {
  @Test
  void defaults() {
    KinesisReadConf conf = KinesisReadConf.of(Map.of("stream", "flights"));

    assertThat(conf)
        .isEqualTo(
            new KinesisReadConf(
                "flights",
                null,
                null,
                StartingPosition.LATEST,
                null,
                10_000,
                10,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                true));
    assertThat(conf.regionDescription()).isEqualTo("the default region");
  }

  @Test
  void mapsEveryOption() {
    KinesisReadConf conf =
        KinesisReadConf.of(
            Map.ofEntries(
                Map.entry("Stream", "flights"),
                Map.entry("region", "eu-west-1"),
                Map.entry("endpoint", "http://127.0.0.1:4567"),
                Map.entry("starting-position", "at_timestamp"),
                Map.entry("at-timestamp", "2024-05-01T00:00:00Z"),
                Map.entry("max-records-per-shard", "500"),
                Map.entry("max-retries", "3"),
                Map.entry("retry-backoff", "50ms"),
                Map.entry("idle-poll-interval", "0s"),
                Map.entry("empty-read-budget", "2500ms"),
                Map.entry("fail-on-data-loss", "FALSE")));

    assertThat(conf)
        .isEqualTo(
            new KinesisReadConf(
                "flights",
                "eu-west-1",
                URI.create("http://127.0.0.1:4567"),
                StartingPosition.AT_TIMESTAMP,
                Instant.parse("2024-05-01T00:00:00Z"),
                500,
                3,
                Duration.ofMillis(50),
                Duration.ZERO,
                Duration.ofMillis(2500),
                false));
    assertThat(conf.regionDescription()).isEqualTo("region 'eu-west-1'");
  }

  @Test
  void errorsNameTheOptionAndValue() {
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read Kinesis: option 'stream' is required");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "starting-position", "AT_TIMESTAMP")))
        .hasMessage(
            "Cannot read Kinesis: option 'at-timestamp' is required with 'starting-position'"
                + " AT_TIMESTAMP");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "at-timestamp", "2024-05-01T00:00:00Z")))
        .hasMessage(
            "Cannot read Kinesis: option 'at-timestamp' only applies with 'starting-position'"
                + " AT_TIMESTAMP (it is LATEST)");
    assertThatThrownBy(
            () ->
                KinesisReadConf.of(
                    Map.of(
                        "stream", "s",
                        "starting-position", "AT_TIMESTAMP",
                        "at-timestamp", "yesterday")))
        .hasMessage(
            "Cannot read Kinesis: option 'at-timestamp' must be an ISO-8601 instant like"
                + " 2024-05-01T00:00:00Z, got 'yesterday'");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "max-records-per-shard", "0")))
        .hasMessage("Cannot read Kinesis: option 'max-records-per-shard' must be positive, got 0");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "max-records-per-shard", "many")))
        .hasMessage(
            "Cannot read Kinesis: option 'max-records-per-shard' must be a number, got 'many'");
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "empty-read-budget", "0s")))
        .hasMessage("Cannot read Kinesis: option 'empty-read-budget' must be positive, got 0s");
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "retry-backoff", "200")))
        .hasMessage(
            "Cannot read Kinesis: option 'retry-backoff' must be a duration like 30s, 5m or 2h,"
                + " got '200'");
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "idle-poll-interval", "-1s")))
        .hasMessage(
            "Cannot read Kinesis: option 'idle-poll-interval' must be a duration like 30s, 5m or"
                + " 2h, got '-1s'");
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "fail-on-data-loss", "no")))
        .hasMessage(
            "Cannot read Kinesis: option 'fail-on-data-loss' must be true or false, got 'no'");
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "endpoint", "localhost")))
        .hasMessage(
            "Cannot read Kinesis: option 'endpoint' must be an absolute URI like"
                + " https://kinesis.eu-west-1.amazonaws.com, got 'localhost'");
  }

  @Test
  void formerMillisecondOptionsSayWhatToWriteInstead() {
    assertThatThrownBy(() -> KinesisReadConf.of(Map.of("stream", "s", "retry-backoff-ms", "200")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read Kinesis: option 'retry-backoff-ms': renamed to retry-backoff; write"
                + " retry-backoff: 200ms");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "Idle-Poll-Interval-MS", "0")))
        .hasMessage(
            "Cannot read Kinesis: option 'Idle-Poll-Interval-MS': renamed to idle-poll-interval;"
                + " write idle-poll-interval: 0ms");
    assertThatThrownBy(
            () -> KinesisReadConf.of(Map.of("stream", "s", "empty-read-budget-ms", "2500")))
        .hasMessage(
            "Cannot read Kinesis: option 'empty-read-budget-ms': renamed to empty-read-budget;"
                + " write empty-read-budget: 2500ms");
  }
}
