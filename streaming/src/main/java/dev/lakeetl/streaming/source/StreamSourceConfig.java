package dev.lakeetl.streaming.source;

import java.util.Map;

/** A configured streaming source: the Spark data source and every option it is given. */
public sealed interface StreamSourceConfig permits KafkaSourceConfig, KinesisSourceConfig {
  /** Which kind of source. */
  SourceType type();

  /** The Spark data source name, e.g. {@code kafka}. */
  String format();

  /** Every reader option, pass-through options included. Contains credentials: never log it. */
  Map<String, String> readerOptions();

  /** The reader options with credentials masked, for the log. */
  default String describe() {
    return format() + " " + SecretOptions.describe(readerOptions());
  }
}
