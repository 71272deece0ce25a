package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.state.StateJson;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A position in one shard, as kept in an offset. Offsets are exclusive ends: {@code
 * AFTER_SEQUENCE_NUMBER/X} means every record up to and including X has been read, and the next
 * read starts after X. {@code TRIM_HORIZON} and {@code AT_TIMESTAMP} say where a shard that has no
 * record read yet starts, and {@code SHARD_END} that a closed shard has been read to its end (its
 * children may start). {@code AT_SEQUENCE_NUMBER/X} is only ever where a batch starts reading a
 * shard: X is the first record after the shard's position, found by the driver.
 *
 * @param type the kind of position
 * @param sequenceNumber the record, with {@link Type#AFTER_SEQUENCE_NUMBER} and {@link
 *     Type#AT_SEQUENCE_NUMBER}; else null
 * @param timestamp the start time, with {@link Type#AT_TIMESTAMP}; else null
 */
record ShardPosition(Type type, String sequenceNumber, Instant timestamp) implements Serializable {

  enum Type {
    TRIM_HORIZON,
    AT_TIMESTAMP,
    AFTER_SEQUENCE_NUMBER,
    AT_SEQUENCE_NUMBER,
    SHARD_END;

    boolean hasSequenceNumber() {
      return this == AFTER_SEQUENCE_NUMBER || this == AT_SEQUENCE_NUMBER;
    }
  }

  private static final char SEPARATOR = '/';

  ShardPosition {
    Objects.requireNonNull(type, "type is null");
    if (type.hasSequenceNumber() != (sequenceNumber != null)) {
      throw new IllegalArgumentException(
          "Cannot create a shard position: a sequence number goes with AFTER_SEQUENCE_NUMBER and"
              + " AT_SEQUENCE_NUMBER only, got "
              + type
              + " and "
              + sequenceNumber);
    }
    if ((type == Type.AT_TIMESTAMP) != (timestamp != null)) {
      throw new IllegalArgumentException(
          "Cannot create a shard position: a timestamp goes with AT_TIMESTAMP only, got "
              + type
              + " and "
              + timestamp);
    }
  }

  static ShardPosition trimHorizon() {
    return new ShardPosition(Type.TRIM_HORIZON, null, null);
  }

  static ShardPosition atTimestamp(Instant timestamp) {
    return new ShardPosition(Type.AT_TIMESTAMP, null, timestamp);
  }

  static ShardPosition after(String sequenceNumber) {
    return new ShardPosition(Type.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  static ShardPosition at(String sequenceNumber) {
    return new ShardPosition(Type.AT_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  static ShardPosition shardEnd() {
    return new ShardPosition(Type.SHARD_END, null, null);
  }

  boolean isShardEnd() {
    return type == Type.SHARD_END;
  }

  /** Sequence numbers are decimal strings up to 128 digits: compare them as numbers. */
  static int compareSequenceNumbers(String left, String right) {
    return new BigInteger(left).compareTo(new BigInteger(right));
  }

  /** The stable text form kept in the checkpoint: {@code TYPE} or {@code TYPE/value}. */
  String format() {
    switch (type) {
      case AFTER_SEQUENCE_NUMBER:
      case AT_SEQUENCE_NUMBER:
        return type.name() + SEPARATOR + sequenceNumber;
      case AT_TIMESTAMP:
        return type.name() + SEPARATOR + timestamp;
      default:
        return type.name();
    }
  }

  /** Parses {@link #format()}; the message echoes the bad value. */
  static ShardPosition parse(String text) {
    Objects.requireNonNull(text, "text is null");
    int separator = text.indexOf(SEPARATOR);
    String typeName = separator < 0 ? text : text.substring(0, separator);
    String value = separator < 0 ? null : text.substring(separator + 1);
    try {
      Type type = Type.valueOf(typeName);
      switch (type) {
        case AFTER_SEQUENCE_NUMBER:
        case AT_SEQUENCE_NUMBER:
          new BigInteger(Objects.requireNonNull(value, "sequence number is missing"));
          return type == Type.AT_SEQUENCE_NUMBER ? at(value) : after(value);
        case AT_TIMESTAMP:
          return atTimestamp(Instant.parse(Objects.requireNonNull(value, "timestamp is missing")));
        default:
          if (value != null) {
            throw new IllegalArgumentException(type + " takes no value");
          }
          return type == Type.TRIM_HORIZON ? trimHorizon() : shardEnd();
      }
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot parse a Kinesis shard position: '" + text + "' (" + e.getMessage() + ")", e);
    }
  }

  /** The position in {@code field} of a state document; an error names the document and field. */
  static ShardPosition read(StateJson document, JsonNode parent, String field) {
    String text = document.text(parent, field);
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw document.problem("field '" + field + "' is not a shard position: '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
