package dev.lakeetl.streaming.kinesis;

/** Option names of the {@code lakeetl-kinesis} data source (kebab-case, case-insensitive). */
final class KinesisReadOptions {
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

  /** First wait before retrying a throttled call, in milliseconds; doubles up to 10 s. */
  static final String RETRY_BACKOFF_MS = "retry-backoff-ms";

  static final long RETRY_BACKOFF_MS_DEFAULT = 200;

  /**
   * Least time between two polls of the shards when the previous poll found nothing, in
   * milliseconds. Kinesis allows 5 GetRecords calls per second per shard, shared by all consumers.
   */
  static final String IDLE_POLL_INTERVAL_MS = "idle-poll-interval-ms";

  static final long IDLE_POLL_INTERVAL_MS_DEFAULT = 1000;

  /**
   * How long one poll of a shard, or one task, keeps asking while GetRecords answers with no
   * records but the shard has newer ones (MillisBehindLatest above 0), in milliseconds. Where it
   * stops, the next poll goes on.
   */
  static final String EMPTY_READ_BUDGET_MS = "empty-read-budget-ms";

  static final long EMPTY_READ_BUDGET_MS_DEFAULT = 5000;

  /**
   * Whether the query fails when records expired past the stream's retention period before the
   * source read them (true), or skips them with a warning, counted in the source's metrics.
   */
  static final String FAIL_ON_DATA_LOSS = "fail-on-data-loss";

  static final boolean FAIL_ON_DATA_LOSS_DEFAULT = true;
}
