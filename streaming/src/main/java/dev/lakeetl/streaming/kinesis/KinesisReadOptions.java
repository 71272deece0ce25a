package dev.lakeetl.streaming.kinesis;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Option names of the {@code lakeetl-kinesis} data source (kebab-case, case-insensitive). Durations
 * are written like {@code 200ms}, {@code 30s} or {@code 5m} ({@link
 * dev.lakeetl.config.DurationText}).
 */
public final class KinesisReadOptions {
  private KinesisReadOptions() {}

  /** The stream name (required). */
  static final String STREAM = "stream";

  /** The AWS region; defaults to the SDK's region chain (AWS_REGION, profile, instance). */
  static final String REGION = "region";

  /** Endpoint URI override (a Kinesis emulator, a VPC endpoint); none by default. */
  static final String ENDPOINT = "endpoint";

  /** TRIM_HORIZON, LATEST or AT_TIMESTAMP, for a query without a checkpoint. */
  static final String STARTING_POSITION = "starting-position";

  static final String STARTING_POSITION_DEFAULT = "LATEST";

  /** ISO-8601 instant (2024-05-01T00:00:00Z), required with AT_TIMESTAMP. */
  static final String AT_TIMESTAMP = "at-timestamp";

  /** Upper bound of records read from one shard in one micro-batch. */
  static final String MAX_RECORDS_PER_SHARD = "max-records-per-shard";

  static final int MAX_RECORDS_PER_SHARD_DEFAULT = 10_000;

  /** Retries of a call Kinesis throttled (ProvisionedThroughputExceeded, LimitExceeded). */
  static final String MAX_RETRIES = "max-retries";

  static final int MAX_RETRIES_DEFAULT = 10;

  /**
   * First wait before retrying a throttled call, a duration like {@code 200ms}; doubles up to 10 s.
   */
  static final String RETRY_BACKOFF = "retry-backoff";

  static final Duration RETRY_BACKOFF_DEFAULT = Duration.ofMillis(200);

  /**
   * Least time between two polls of the shards when the previous poll found nothing, a duration
   * like {@code 1s}. Kinesis allows 5 GetRecords calls per second per shard, shared by all
   * consumers.
   */
  static final String IDLE_POLL_INTERVAL = "idle-poll-interval";

  static final Duration IDLE_POLL_INTERVAL_DEFAULT = Duration.ofSeconds(1);

  /**
   * How long one poll of a shard, or one task, keeps asking while GetRecords answers with no
   * records but the shard has newer ones (MillisBehindLatest above 0), a duration like {@code 5s}.
   * Where it stops, the next poll goes on.
   */
  static final String EMPTY_READ_BUDGET = "empty-read-budget";

  static final Duration EMPTY_READ_BUDGET_DEFAULT = Duration.ofSeconds(5);

  /**
   * Whether the query fails when records expired past the stream's retention period before the
   * source read them (true), or skips them with a warning, counted in the source's metrics.
   */
  static final String FAIL_ON_DATA_LOSS = "fail-on-data-loss";

  static final boolean FAIL_ON_DATA_LOSS_DEFAULT = true;

  /** Former option names, which gave a number of milliseconds, to the options that replace them. */
  private static final Map<String, String> FORMER_MILLIS_OPTIONS =
      Map.of(
          "retry-backoff-ms", RETRY_BACKOFF,
          "idle-poll-interval-ms", IDLE_POLL_INTERVAL,
          "empty-read-budget-ms", EMPTY_READ_BUDGET);

  /**
   * Why {@code option} (case-insensitive), given {@code value}, is refused when it is a former
   * name: {@code renamed to <prefix>retry-backoff; write <prefix>retry-backoff: 200ms}, the value
   * shown with its unit. Empty for any other option.
   *
   * @param prefix what precedes the option name where the user wrote it, e.g. {@code
   *     source.kinesis.options.}; empty for the data source's own options
   */
  public static Optional<String> renamedProblem(String prefix, String option, String value) {
    String renamed = FORMER_MILLIS_OPTIONS.get(option.trim().toLowerCase(Locale.ROOT));
    if (renamed == null) {
      return Optional.empty();
    }
    String shown = value == null ? "" : value.trim();
    if (shown.matches("\\d+")) {
      shown = shown + "ms";
    }
    return Optional.of(
        "renamed to " + prefix + renamed + "; write " + prefix + renamed + ": " + shown);
  }
}
