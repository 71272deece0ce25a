package dev.lakeetl.streaming.source;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.DurationText;
import dev.lakeetl.streaming.kinesis.KinesisReadOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kinesis stream, read with the toolkit's source ({@value SourceRecords#KINESIS_FORMAT}) or, for
 * {@link SourceType#KINESIS_BUNDLED}, the runtime's own connector named by {@code format}, which
 * gets only the pass-through options (its option names differ per runtime).
 *
 * @param type KINESIS or KINESIS_BUNDLED
 * @param format the Spark data source name
 * @param stream source.kinesis.stream
 * @param region source.kinesis.region
 * @param endpoint source.kinesis.endpoint
 * @param startingPosition TRIM_HORIZON, LATEST or AT_TIMESTAMP
 * @param atTimestamp for AT_TIMESTAMP
 * @param maxRecordsPerShard upper bound per shard per micro-batch
 * @param emptyReadBudget source.kinesis.empty-read-budget
 * @param failOnDataLoss source.kinesis.fail-on-data-loss
 * @param options source.kinesis.options.*
 */
public record KinesisSourceConfig(
    SourceType type,
    String format,
    String stream,
    Optional<String> region,
    Optional<String> endpoint,
    String startingPosition,
    Optional<String> atTimestamp,
    Optional<Integer> maxRecordsPerShard,
    Duration emptyReadBudget,
    boolean failOnDataLoss,
    Map<String, String> options)
    implements StreamSourceConfig {
  private static final String OPTIONS_PREFIX = "source.kinesis.options.";

  public KinesisSourceConfig {
    requireNonNull(type, "type is null");
    requireNonNull(format, "format is null");
    requireNonNull(stream, "stream is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(startingPosition, "startingPosition is null");
    requireNonNull(atTimestamp, "atTimestamp is null");
    requireNonNull(maxRecordsPerShard, "maxRecordsPerShard is null");
    requireNonNull(emptyReadBudget, "emptyReadBudget is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    if (type == SourceType.KAFKA) {
      throw new IllegalArgumentException("Cannot read Kinesis: source.type is kafka");
    }
    if (type == SourceType.KINESIS && stream.isBlank()) {
      throw new IllegalArgumentException("Cannot read Kinesis: source.kinesis.stream is not set");
    }
    if (type == SourceType.KINESIS
        && startingPosition.equalsIgnoreCase("AT_TIMESTAMP")
        && atTimestamp.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read Kinesis from AT_TIMESTAMP: source.kinesis.at-timestamp is not set");
    }
    if (type == SourceType.KINESIS) {
      options.forEach(
          (option, value) ->
              KinesisReadOptions.renamedProblem(OPTIONS_PREFIX, option, value)
                  .ifPresent(
                      problem -> {
                        throw new IllegalArgumentException(
                            "Cannot read Kinesis: " + OPTIONS_PREFIX + option + ": " + problem);
                      }));
    }
  }

  @Override
  public Map<String, String> readerOptions() {
    Map<String, String> reader = new LinkedHashMap<>();
    if (type == SourceType.KINESIS) {
      reader.put("stream", stream);
      region.ifPresent(value -> reader.put("region", value));
      endpoint.ifPresent(value -> reader.put("endpoint", value));
      reader.put("starting-position", startingPosition);
      atTimestamp.ifPresent(value -> reader.put("at-timestamp", value));
      maxRecordsPerShard.ifPresent(
          value -> reader.put("max-records-per-shard", String.valueOf(value)));
      reader.put("empty-read-budget", DurationText.format(emptyReadBudget));
      reader.put("fail-on-data-loss", String.valueOf(failOnDataLoss));
    }
    reader.putAll(options);
    return Map.copyOf(reader);
  }
}
