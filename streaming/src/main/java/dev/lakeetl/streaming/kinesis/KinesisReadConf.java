package dev.lakeetl.streaming.kinesis;

import dev.lakeetl.config.DurationText;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The validated options of one Kinesis read. Built on the driver when the DataFrame is created, so
 * a bad option fails before the query starts; serialized into every input partition.
 *
 * @param stream the stream name
 * @param region the AWS region, or null for the SDK's default region chain
 * @param endpoint the endpoint override, or null for the region's public endpoint
 * @param startingPosition where a query without a checkpoint starts
 * @param atTimestamp the start time with {@link StartingPosition#AT_TIMESTAMP}, else null
 * @param maxRecordsPerShard the most records one micro-batch reads from one shard
 * @param maxRetries retries of a throttled call before the query fails
 * @param retryBackoff the first wait before a retry (doubles up to 10 s)
 * @param idlePollInterval the least time between polls while the stream has no new records
 * @param emptyReadBudget how long a poll of a shard or a task keeps asking while GetRecords answers
 *     with no records but MillisBehindLatest above 0
 * @param failOnDataLoss whether records that expired before they were read fail the query (else
 *     they are skipped with a warning)
 */
record KinesisReadConf(
    String stream,
    String region,
    URI endpoint,
    StartingPosition startingPosition,
    Instant atTimestamp,
    int maxRecordsPerShard,
    int maxRetries,
    Duration retryBackoff,
    Duration idlePollInterval,
    Duration emptyReadBudget,
    boolean failOnDataLoss)
    implements Serializable {

  KinesisReadConf {
    Objects.requireNonNull(stream, "stream is null");
    Objects.requireNonNull(startingPosition, "startingPosition is null");
    Objects.requireNonNull(retryBackoff, "retryBackoff is null");
    Objects.requireNonNull(idlePollInterval, "idlePollInterval is null");
    Objects.requireNonNull(emptyReadBudget, "emptyReadBudget is null");
    check(!stream.isBlank(), "option '%s' is required", KinesisReadOptions.STREAM);
    check(
        startingPosition != StartingPosition.AT_TIMESTAMP || atTimestamp != null,
        "option '%s' is required with '%s' AT_TIMESTAMP",
        KinesisReadOptions.AT_TIMESTAMP,
        KinesisReadOptions.STARTING_POSITION);
    check(
        startingPosition == StartingPosition.AT_TIMESTAMP || atTimestamp == null,
        "option '%s' only applies with '%s' AT_TIMESTAMP (it is %s)",
        KinesisReadOptions.AT_TIMESTAMP,
        KinesisReadOptions.STARTING_POSITION,
        startingPosition);
    // GetRecords returns at most 10,000 records per call; a batch may take several calls.
    check(
        maxRecordsPerShard > 0,
        "option '%s' must be positive, got %s",
        KinesisReadOptions.MAX_RECORDS_PER_SHARD,
        maxRecordsPerShard);
    check(
        maxRetries >= 0,
        "option '%s' must not be negative, got %s",
        KinesisReadOptions.MAX_RETRIES,
        maxRetries);
    check(
        !retryBackoff.isNegative() && !retryBackoff.isZero(),
        "option '%s' must be positive, got %s",
        KinesisReadOptions.RETRY_BACKOFF,
        DurationText.format(retryBackoff));
    check(
        !idlePollInterval.isNegative(),
        "option '%s' must not be negative, got %s",
        KinesisReadOptions.IDLE_POLL_INTERVAL,
        DurationText.format(idlePollInterval));
    check(
        !emptyReadBudget.isNegative() && !emptyReadBudget.isZero(),
        "option '%s' must be positive, got %s",
        KinesisReadOptions.EMPTY_READ_BUDGET,
        DurationText.format(emptyReadBudget));
  }

  /** Parses and validates the data source options (keys are case-insensitive). */
  static KinesisReadConf of(Map<String, String> options) {
    options.forEach(
        (option, value) ->
            KinesisReadOptions.renamedProblem("", option, value)
                .ifPresent(problem -> check(false, "option '%s': %s", option, problem)));
    CaseInsensitiveStringMap map = new CaseInsensitiveStringMap(options);
    String stream = map.getOrDefault(KinesisReadOptions.STREAM, "");
    String region = blankToNull(map.get(KinesisReadOptions.REGION));
    String endpoint = blankToNull(map.get(KinesisReadOptions.ENDPOINT));
    StartingPosition position =
        StartingPosition.of(
            map.getOrDefault(
                KinesisReadOptions.STARTING_POSITION,
                KinesisReadOptions.STARTING_POSITION_DEFAULT));
    String timestamp = blankToNull(map.get(KinesisReadOptions.AT_TIMESTAMP));
    return new KinesisReadConf(
        stream,
        region,
        endpoint == null ? null : parseEndpoint(endpoint),
        position,
        timestamp == null ? null : parseInstant(timestamp),
        (int)
            parseLong(
                map,
                KinesisReadOptions.MAX_RECORDS_PER_SHARD,
                KinesisReadOptions.MAX_RECORDS_PER_SHARD_DEFAULT),
        (int)
            parseLong(map, KinesisReadOptions.MAX_RETRIES, KinesisReadOptions.MAX_RETRIES_DEFAULT),
        parseDuration(
            map, KinesisReadOptions.RETRY_BACKOFF, KinesisReadOptions.RETRY_BACKOFF_DEFAULT),
        parseDuration(
            map,
            KinesisReadOptions.IDLE_POLL_INTERVAL,
            KinesisReadOptions.IDLE_POLL_INTERVAL_DEFAULT),
        parseDuration(
            map,
            KinesisReadOptions.EMPTY_READ_BUDGET,
            KinesisReadOptions.EMPTY_READ_BUDGET_DEFAULT),
        parseBoolean(
            map,
            KinesisReadOptions.FAIL_ON_DATA_LOSS,
            KinesisReadOptions.FAIL_ON_DATA_LOSS_DEFAULT));
  }

  Optional<String> regionName() {
    return Optional.ofNullable(region);
  }

  Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpoint);
  }

  /** The region for messages: the configured one or "the default region". */
  String regionDescription() {
    return region == null ? "the default region" : "region '" + region + "'";
  }

  private static URI parseEndpoint(String value) {
    try {
      URI uri = URI.create(value);
      check(
          uri.getScheme() != null && uri.getHost() != null,
          "option '%s' must be an absolute URI like https://kinesis.eu-west-1.amazonaws.com, got"
              + " '%s'",
          KinesisReadOptions.ENDPOINT,
          value);
      return uri;
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("Cannot")) {
        throw e;
      }
      throw new IllegalArgumentException(
          String.format(
              "Cannot read Kinesis: option '%s' is not a URI: '%s'",
              KinesisReadOptions.ENDPOINT, value),
          e);
    }
  }

  private static Instant parseInstant(String value) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read Kinesis: option '%s' must be an ISO-8601 instant like"
                  + " 2024-05-01T00:00:00Z, got '%s'",
              KinesisReadOptions.AT_TIMESTAMP, value),
          e);
    }
  }

  private static long parseLong(CaseInsensitiveStringMap map, String key, long defaultValue) {
    String value = map.get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      check(parsed <= Integer.MAX_VALUE, "option '%s' is too large: %s", key, value);
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format("Cannot read Kinesis: option '%s' must be a number, got '%s'", key, value),
          e);
    }
  }

  private static Duration parseDuration(
      CaseInsensitiveStringMap map, String key, Duration defaultValue) {
    String value = map.get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    Optional<Duration> parsed = DurationText.parse(value);
    check(
        parsed.isPresent(), "option '%s' must be %s, got '%s'", key, DurationText.EXPECTED, value);
    return parsed.orElseThrow();
  }

  private static boolean parseBoolean(
      CaseInsensitiveStringMap map, String key, boolean defaultValue) {
    String value = map.get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    check(
        normalized.equals("true") || normalized.equals("false"),
        "option '%s' must be true or false, got '%s'",
        key,
        value);
    return Boolean.parseBoolean(normalized);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void check(boolean condition, String message, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException("Cannot read Kinesis: " + String.format(message, args));
    }
  }
}
