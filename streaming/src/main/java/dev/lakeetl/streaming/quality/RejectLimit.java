package dev.lakeetl.streaming.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.Ratio;

/**
 * The limit on the share of a micro-batch's records that may go to the quarantine.
 *
 * @param maxRatio quarantine.max-ratio
 * @param stop stream.stop-on-max-ratio: a batch over the limit stops the stream (nothing of it is
 *     published) instead of being published with a warning
 */
public record RejectLimit(Ratio maxRatio, boolean stop) {
  public RejectLimit {
    requireNonNull(maxRatio, "maxRatio is null");
  }
}
