package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.LogLines;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
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
            () -> retry.call("read shard 0", alwaysFailing(calls, ThrottlingRetryTest::throttled)))
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
                    alwaysFailing(
                        calls,
                        () -> InvalidArgumentException.builder().message("bad iterator").build())))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void retriesCallsThatCannotReachKinesisUntilItAnswersWithAWarningEach() {
    AtomicInteger calls = new AtomicInteger();
    String result;
    try (LogLines log = LogLines.of(ThrottlingRetry.class)) {
      result =
          retry.call(
              "read shard 0",
              () -> {
                if (calls.incrementAndGet() == 1) {
                  throw unreachable();
                }
                if (calls.get() == 2) {
                  throw serverError();
                }
                return "records";
              });

      assertThat(log.lines())
          .hasSize(2)
          .satisfiesExactly(
              line ->
                  assertThat(line)
                      .matches(
                          "WARN Cannot reach Kinesis \\(Unable to execute HTTP request: Connection"
                              + " refused\\): retry 1 of 3 to read shard 0 in \\d+ ms"),
              line ->
                  assertThat(line)
                      .startsWith("WARN Cannot reach Kinesis (Service Unavailable")
                      .contains("retry 2 of 3 to read shard 0 in"));
    }

    assertThat(result).isEqualTo("records");
    assertThat(calls).hasValue(3);
  }

  @Test
  void givesUpOnAnUnreachableKinesisAfterMaxRetriesInOneLineNamingTheActionAndOptions() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                retry.call("read shard 0", alwaysFailing(calls, ThrottlingRetryTest::unreachable)))
        .isInstanceOf(KinesisReadException.class)
        .hasMessage(
            "Cannot read shard 0: Kinesis still unreachable after 3 retries (raise option"
                + " 'max-retries' or 'retry-backoff' to wait longer): Unable to execute HTTP"
                + " request: Connection refused")
        .hasCauseInstanceOf(SdkClientException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void doesNotRetryClientErrorsThatAreNotIoOrAnInterrupt() {
    assertNotRetried(
        SdkClientException.builder().message("Unable to load credentials").build(),
        SdkClientException.class);
    assertNotRetried(
        AbortedException.builder()
            .message("Thread was interrupted")
            .cause(new InterruptedIOException())
            .build(),
        AbortedException.class);
    assertNotRetried(
        KinesisException.builder().statusCode(400).message("Bad request").build(),
        KinesisException.class);
  }

  private void assertNotRetried(SdkException failure, Class<? extends SdkException> type) {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> retry.call("read shard 0", alwaysFailing(calls, () -> failure)))
        .isInstanceOf(type);
    assertThat(calls).hasValue(1);
  }

  @Test
  void backoffGrowsAndIsCapped() {
    ThrottlingRetry slow = new ThrottlingRetry(30, Duration.ofMillis(100));

    assertThat(slow.backoffMillis(0)).isBetween(50L, 100L);
    assertThat(slow.backoffMillis(3)).isBetween(400L, 800L);
    assertThat(slow.backoffMillis(25)).isBetween(5_000L, 10_000L);
  }

  /** A call that counts itself in {@code calls} and always fails with a new {@code failure}. */
  private static Supplier<String> alwaysFailing(
      AtomicInteger calls, Supplier<? extends SdkException> failure) {
    return () -> {
      calls.incrementAndGet();
      throw failure.get();
    };
  }

  /** What the SDK throws once its own attempts at a closed port are spent. */
  private static SdkClientException unreachable() {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request: Connection refused")
        .cause(new ConnectException("Connection refused"))
        .build();
  }

  private static KinesisException serverError() {
    return (KinesisException)
        KinesisException.builder().statusCode(503).message("Service Unavailable").build();
  }

  private static ProvisionedThroughputExceededException throttled() {
    return ProvisionedThroughputExceededException.builder().message("Rate exceeded").build();
  }
}
