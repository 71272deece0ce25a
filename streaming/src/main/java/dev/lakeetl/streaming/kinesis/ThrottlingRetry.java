package dev.lakeetl.streaming.kinesis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * Retries a Kinesis call that was throttled, with exponential backoff and jitter. Shard read limits
 * (5 GetRecords calls and 2 MB per second per shard) are shared with every other consumer of the
 * stream, so throttling is normal under load and must not fail the query; the SDK's own retries
 * give up after three attempts.
 */
final class ThrottlingRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ThrottlingRetry.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final int maxRetries;
  private final Duration initialBackoff;
  private final SourceClock clock;

  ThrottlingRetry(int maxRetries, Duration initialBackoff) {
    this(maxRetries, initialBackoff, SourceClock.SYSTEM);
  }

  ThrottlingRetry(int maxRetries, Duration initialBackoff, SourceClock clock) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("Cannot retry: maxRetries is negative: " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /** Runs the call; {@code action} names it in the log and in the final error. */
  <T> T call(String action, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (ProvisionedThroughputExceededException
          | LimitExceededException
          | KmsThrottlingException e) {
        if (attempt >= maxRetries) {
          throw new KinesisReadException(
              String.format(
                  "Cannot %s: still throttled by Kinesis after %d retries (raise option '%s' or"
                      + " the stream's capacity): %s",
                  action, maxRetries, KinesisReadOptions.MAX_RETRIES, e.getMessage()),
              e);
        }
        long delay = backoffMillis(attempt);
        LOG.warn(
            "Throttled by Kinesis ({}): retry {} of {} to {} in {} ms",
            e.getClass().getSimpleName(),
            attempt + 1,
            maxRetries,
            action,
            delay);
        clock.sleep(delay, "while waiting to retry: " + action);
      }
    }
  }

  /** Half the exponential delay plus a random half, so parallel readers spread out. */
  long backoffMillis(int attempt) {
    long exponential =
        Math.min(MAX_BACKOFF.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
    return exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
  }
}
