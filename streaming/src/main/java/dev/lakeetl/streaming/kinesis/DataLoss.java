package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson;
import java.io.Serializable;
import java.util.Objects;

/**
 * Records the source cannot read because they expired past the stream's retention period before it
 * read them. With option {@code fail-on-data-loss} true (the default) the query fails with {@link
 * #toException}; with false the records are skipped, and the driver logs a warning and counts them
 * in the source's metrics.
 *
 * @param shardId the shard
 * @param records which records, by sequence number (e.g. "from sequence number 1 to 9")
 * @param reason what happened to them
 */
record DataLoss(String shardId, String records, String reason) implements Serializable {
  private static final String EXPIRED = "expired past the stream's retention period";

  DataLoss {
    Objects.requireNonNull(shardId, "shardId is null");
    Objects.requireNonNull(records, "records is null");
    Objects.requireNonNull(reason, "reason is null");
  }

  /** A batch run again found records its first run read gone: {@code first} to {@code last}. */
  static DataLoss reRunExpired(String shardId, long read, String first, String last) {
    return new DataLoss(
        shardId,
        "from sequence number " + first + " to " + last,
        EXPIRED + " before batch read " + read + " ran again");
  }

  /** As {@link #reRunExpired}, but the read's records from {@code kept} on are still there. */
  static DataLoss reRunPartlyExpired(String shardId, long read, String first, String kept) {
    return new DataLoss(
        shardId,
        "from sequence number " + first + upTo(kept),
        EXPIRED + " before batch read " + read + " ran again");
  }

  /** The record a poll found and the batch was to start with is gone; {@code kept} may be null. */
  static DataLoss foundRecordExpired(String shardId, String found, String kept) {
    return new DataLoss(
        shardId,
        "from sequence number " + found + (kept == null ? " on" : upTo(kept)),
        EXPIRED + " after a poll found them and before the batch read them");
  }

  /** A shard left the listing before it was read to its end. */
  static DataLoss shardExpired(String shardId, ShardPosition position) {
    return new DataLoss(
        shardId,
        describe(position),
        "expired with the shard past the stream's retention period before the shard was read to"
            + " its end");
  }

  /**
   * A batch planned by reading ahead on the driver, run again, found none of its records from
   * {@code readFrom} up to and including {@code end}.
   */
  static DataLoss readAheadExpired(String shardId, ShardPosition readFrom, ShardPosition end) {
    return new DataLoss(
        shardId,
        "after " + readFrom + " up to " + end + " (included)",
        EXPIRED + " before the batch ran again");
  }

  /** A batch run again names a shard that has left the listing since. */
  static DataLoss reRunShardExpired(String shardId, long read, ShardPosition readFrom) {
    return new DataLoss(
        shardId,
        describe(readFrom) + " (the range of batch read " + read + ")",
        "expired with the shard past the stream's retention period before the batch ran again");
  }

  /**
   * The last record read, {@code last}, is no longer in the stream, so records after it may have
   * expired before they were read; {@code kept} is the oldest record after it still there, or null.
   */
  static DataLoss afterLastRead(String shardId, String last, String kept) {
    return new DataLoss(
        shardId,
        "after sequence number " + last + (kept == null ? "" : upTo(kept)),
        "may have "
            + EXPIRED
            + " before they were read: the last record read, "
            + last
            + ", is no longer in the stream (if the stream had no records there, none were"
            + " lost)");
  }

  /** The end of a range that stops before {@code kept}, the oldest record still in the stream. */
  private static String upTo(String kept) {
    return " up to " + kept + " (not included)";
  }

  private static String describe(ShardPosition position) {
    return switch (position.type()) {
      case AFTER_SEQUENCE_NUMBER -> "after sequence number " + position.sequenceNumber();
      case AT_SEQUENCE_NUMBER -> "from sequence number " + position.sequenceNumber();
      case AT_TIMESTAMP -> "from " + position.timestamp();
      case TRIM_HORIZON -> "from the oldest one (TRIM_HORIZON)";
      case SHARD_END -> "none";
    };
  }

  /** One line: shard, stream, records and reason. */
  String describe(String streamDescription) {
    return String.format(
        "shard %s of %s: its records %s %s", shardId, streamDescription, records, reason);
  }

  /** The failure of a query that must not skip lost records. */
  KinesisReadException toException(String streamDescription) {
    return new KinesisReadException(
        String.format(
            "Cannot read shard %s of %s: its records %s %s (data loss); set option '%s' to false"
                + " (job setting source.kinesis.fail-on-data-loss) to skip lost records with a"
                + " warning",
            shardId, streamDescription, records, reason, KinesisReadOptions.FAIL_ON_DATA_LOSS));
  }

  void writeTo(ObjectNode node) {
    node.put("shard", shardId);
    node.put("records", records);
    node.put("reason", reason);
  }

  static DataLoss readFrom(StateJson document, JsonNode node) {
    return new DataLoss(
        document.text(node, "shard"),
        document.text(node, "records"),
        document.text(node, "reason"));
  }
}
