package dev.lakeetl.streaming.kinesis;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a query without a checkpoint starts reading the shards that exist when it starts. */
enum StartingPosition {
  /** The oldest record still retained. */
  TRIM_HORIZON,
  /** Records that arrive after the query starts (pinned to the start time, see docs). */
  LATEST,
  /** Records that arrived at or after the {@code at-timestamp} option. */
  AT_TIMESTAMP;

  static StartingPosition of(String value) {
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (StartingPosition position : values()) {
      if (position.name().equals(normalized)) {
        return position;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "Cannot read Kinesis: option '%s' is '%s', expected one of %s",
            KinesisReadOptions.STARTING_POSITION,
            value,
            Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
  }
}
