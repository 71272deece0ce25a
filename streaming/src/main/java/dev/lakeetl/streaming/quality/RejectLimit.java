package dev.lakeetl.streaming.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.Ratio;

/**
 * The limit on the share of a micro-batch's records that may go to the quarantine.
 *
 * @param maxRatio quarantine.max-ratio
 * @param stop stream.stop-on-max-ratio: a batch over the limit stops the stream (nothing of it is
 *     published) instead of being published with a warning
 */
public record RejectLimit(Ratio maxRatio, boolean stop) {
  /** The key of {@link #stop}; declared here because the batch check names it in its messages. */
  public static final ConfigKey<Boolean> STOP_ON_MAX_RATIO =
      ConfigKey.bool("stream.stop-on-max-ratio")
          .withDefault(false)
          .description(
              "Stop the stream at a micro-batch that quarantines more than quarantine.max-ratio of"
                  + " its records: nothing of it is published, a restart retries it; false"
                  + " publishes it with a warning");

  public RejectLimit {
    requireNonNull(maxRatio, "maxRatio is null");
  }
}
