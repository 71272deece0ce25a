package dev.lakeetl.streaming.source;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spark's Kafka source.
 *
 * @param bootstrapServers source.kafka.bootstrap-servers
 * @param topics source.kafka.topics (or a pattern, not both)
 * @param topicPattern source.kafka.topic-pattern
 * @param startingOffsets source.kafka.starting-offsets: earliest, latest or Spark's offset JSON
 * @param maxOffsetsPerTrigger source.kafka.max-offsets-per-trigger
 * @param failOnDataLoss source.kafka.fail-on-data-loss
 * @param authentication source.kafka.authentication: the security options the job sets itself
 * @param options source.kafka.options.*, passed to Spark as they are (security settings,
 *     kafka.isolation.level, which is read_committed unless set here)
 */
public record KafkaSourceConfig(
    String bootstrapServers,
    List<String> topics,
    Optional<String> topicPattern,
    String startingOffsets,
    Optional<Long> maxOffsetsPerTrigger,
    boolean failOnDataLoss,
    KafkaAuthentication authentication,
    Map<String, String> options)
    implements StreamSourceConfig {
  /** Reader options the job sets from its own keys; setting them as pass-through is an error. */
  static final Set<String> MANAGED_OPTIONS =
      Set.of(
          "kafka.bootstrap.servers",
          "subscribe",
          "subscribepattern",
          "assign",
          "startingoffsets",
          "maxoffsetspertrigger",
          "failondataloss");

  /**
   * Spark options that take precedence over {@code startingOffsets}: passed through, they would
   * silently replace source.kafka.starting-offsets, so they are refused.
   */
  static final Set<String> STARTING_OPTIONS =
      Set.of(
          "startingtimestamp", "startingoffsetsbytimestamp", "startingoffsetsbytimestampstrategy");

  /** The consumer's isolation level unless source.kafka.options sets another. */
  static final String ISOLATION_LEVEL = "kafka.isolation.level";

  /**
   * Records of aborted transactions are never refined: Kafka's consumer default, read_uncommitted,
   * would return them.
   */
  static final String DEFAULT_ISOLATION_LEVEL = "read_committed";

  public KafkaSourceConfig {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    topics = List.copyOf(requireNonNull(topics, "topics is null"));
    requireNonNull(topicPattern, "topicPattern is null");
    requireNonNull(startingOffsets, "startingOffsets is null");
    requireNonNull(maxOffsetsPerTrigger, "maxOffsetsPerTrigger is null");
    requireNonNull(authentication, "authentication is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot read Kafka: source.kafka.bootstrap-servers is not set");
    }
    if (topics.isEmpty() == topicPattern.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read Kafka: set exactly one of source.kafka.topics and"
              + " source.kafka.topic-pattern");
    }
    for (String option : options.keySet()) {
      String lowerCase = option.toLowerCase(Locale.ROOT);
      if (MANAGED_OPTIONS.contains(lowerCase)) {
        throw new IllegalArgumentException(
            "Cannot use source.kafka.options."
                + option
                + ": the job sets it from its own source.kafka.* keys");
      }
      if (STARTING_OPTIONS.contains(lowerCase)) {
        throw new IllegalArgumentException(
            "Cannot use source.kafka.options."
                + option
                + ": Spark would start from it instead of source.kafka.starting-offsets; set"
                + " source.kafka.starting-offsets (earliest, latest or Spark's offset JSON)");
      }
      // Case-insensitive as Spark's options are: another spelling would compete with the job's.
      if (authentication.sets(option)) {
        throw new IllegalArgumentException(
            "Cannot use source.kafka.options."
                + option
                + ": source.kafka.authentication "
                + authentication.configName()
                + " sets it (set the authentication to none to pass every security option"
                + " yourself)");
      }
    }
  }

  @Override
  public SourceType type() {
    return SourceType.KAFKA;
  }

  @Override
  public String format() {
    return "kafka";
  }

  @Override
  public Map<String, String> readerOptions() {
    Map<String, String> reader = new LinkedHashMap<>();
    boolean isolationGiven =
        options.keySet().stream().anyMatch(option -> option.equalsIgnoreCase(ISOLATION_LEVEL));
    if (!isolationGiven) {
      reader.put(ISOLATION_LEVEL, DEFAULT_ISOLATION_LEVEL);
    }
    reader.putAll(options);
    reader.putAll(authentication.readerOptions());
    reader.put("kafka.bootstrap.servers", bootstrapServers);
    if (topicPattern.isPresent()) {
      reader.put("subscribePattern", topicPattern.get());
    } else {
      reader.put("subscribe", String.join(",", topics));
    }
    reader.put("startingOffsets", startingOffsets);
    maxOffsetsPerTrigger.ifPresent(max -> reader.put("maxOffsetsPerTrigger", String.valueOf(max)));
    reader.put("failOnDataLoss", String.valueOf(failOnDataLoss));
    return Map.copyOf(reader);
  }
}
