package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

class ThrottlingRetryTest {
  private final ThrottlingRetry retry = new ThrottlingRetry(3, Duration.ofMillis(1));

  @Test
  void retriesThrottledCallsUntilTheySucceed() {
    AtomicInteger calls = new AtomicInteger();

    String result =
        retry.call(
            "read shard 0",
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw throttled();
              }
              return "records";
            });

    assertThat(result).isEqualTo("records");
    assertThat(calls).hasValue(3);
  }

  @Test
  void givesUpAfterMaxRetriesNamingTheActionAndOption() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.call(
                    "read shard 0",
                    () -> {
                      calls.incrementAndGet();
                      throw throttled();
                    }))
        .isInstanceOf(KinesisReadException.class)
        .hasMessageStartingWith(
            "Cannot read shard 0: still throttled by Kinesis after 3 retries (raise option"
                + " 'max-retries' or the stream's capacity)")
        .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void doesNotRetryOtherErrors() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.call(
                    "read shard 0",
                    () -> {
                      calls.incrementAndGet();
                      throw InvalidArgumentException.builder().message("bad iterator").build();
                    }))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void backoffGrowsAndIsCapped() {
    ThrottlingRetry slow = new ThrottlingRetry(30, Duration.ofMillis(100));

    assertThat(slow.backoffMillis(0)).isBetween(50L, 100L);
    assertThat(slow.backoffMillis(3)).isBetween(400L, 800L);
    assertThat(slow.backoffMillis(25)).isBetween(5_000L, 10_000L);
  }

  private static ProvisionedThroughputExceededException throttled() {
    return ProvisionedThroughputExceededException.builder().message("Rate exceeded").build();
  }
}
