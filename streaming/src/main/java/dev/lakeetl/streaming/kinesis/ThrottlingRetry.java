package dev.lakeetl.streaming.kinesis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * Retries a Kinesis call that failed for a reason that passes, with exponential backoff and jitter:
 * it was throttled, or Kinesis could not be reached (a connection refused, reset or timed out, an
 * HTTP 5xx answer). Shard read limits (5 GetRecords calls and 2 MB per second per shard) are shared
 * with every other consumer of the stream, so throttling is normal under load, and an endpoint can
 * be out of reach for seconds (a network blip, a restart); neither may fail the query. The SDK's
 * own retries give up after three attempts within a second. The calls retried are reads (an
 * iterator is not used up by a failed GetRecords), and where a read stands lives in the caller and
 * the checkpoint, so a retry neither skips nor repeats a record.
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
        backOff(
            attempt,
            action,
            e,
            "Throttled by Kinesis (" + e.getClass().getSimpleName() + ")",
            "still throttled by Kinesis",
            String.format(
                "raise option '%s' or the stream's capacity", KinesisReadOptions.MAX_RETRIES));
      } catch (SdkException e) {
        if (!isUnreachable(e)) {
          throw e;
        }
        backOff(
            attempt,
            action,
            e,
            "Cannot reach Kinesis (" + oneLine(e.getMessage()) + ")",
            "Kinesis still unreachable",
            String.format(
                "raise option '%s' or '%s' to wait longer",
                KinesisReadOptions.MAX_RETRIES, KinesisReadOptions.RETRY_BACKOFF));
      }
    }
  }

  /**
   * Waits before retry {@code attempt + 1} of {@code action}, logging {@code warning}; once the
   * retries are spent, fails saying what still goes wrong ({@code state}) and what to do.
   */
  private void backOff(
      int attempt,
      String action,
      SdkException failure,
      String warning,
      String state,
      String remedy) {
    if (attempt >= maxRetries) {
      throw new KinesisReadException(
          String.format(
              "Cannot %s: %s after %d retries (%s): %s",
              action, state, maxRetries, remedy, oneLine(failure.getMessage())),
          failure);
    }
    long delay = backoffMillis(attempt);
    LOG.warn("{}: retry {} of {} to {} in {} ms", warning, attempt + 1, maxRetries, action, delay);
    clock.sleep(delay, "while waiting to retry: " + action);
  }

  /**
   * Whether Kinesis was out of reach: an I/O failure (not an interrupt) the SDK gave up on, or an
   * HTTP 5xx answer (InternalFailure, ServiceUnavailable).
   */
  static boolean isUnreachable(SdkException e) {
    if (e instanceof AwsServiceException service) {
      return service.statusCode() >= 500;
    }
    if (!(e instanceof SdkClientException) || e instanceof AbortedException) {
      return false;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
        return false;
      }
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** Half the exponential delay plus a random half, so parallel readers spread out. */
  long backoffMillis(int attempt) {
    long exponential =
        Math.min(MAX_BACKOFF.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
    return exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
