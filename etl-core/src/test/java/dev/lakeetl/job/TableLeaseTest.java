package dev.lakeetl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableLeaseTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration NEVER = Duration.ofDays(1);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T16:00:00Z"));

  private TableLease acquire(String runId, Duration renewEvery) {
    return TableLease.acquire(
        new Configuration(),
        dir.resolve("table").toString(),
        "flights",
        runId,
        clock,
        TTL,
        renewEvery,
        Duration.ZERO);
  }

  @Test
  void aSecondRunCannotTakeAHeldLeaseUntilItIsReleased() throws IOException {
    TableLease first = acquire("r1", NEVER);
    assertThat(Files.readString(dir.resolve("table/_lease.json")))
        .contains("\"runId\":\"r1\"")
        .contains("\"expires\":\"2026-11-23T16:10:00Z\"");

    clock.advance(Duration.ofMinutes(9));
    assertThatThrownBy(() -> acquire("r2", NEVER))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("Cannot start: run r1 of flights holds the lease on")
        .hasMessageContaining("renewed until 2026-11-23T16:10:00Z");
    first.check();

    first.close();
    assertThat(dir.resolve("table/_lease.json")).doesNotExist();
    try (TableLease second = acquire("r2", NEVER)) {
      second.check();
    }
  }

  @Test
  void theLeaseOfADeadRunExpiresAndIsTakenOver() {
    // r1 never renews: its process died.
    TableLease dead = acquire("r1", NEVER);
    clock.advance(TTL.plusSeconds(1));

    TableLease next = acquire("r2", NEVER);

    next.check();
    assertThatThrownBy(dead::check)
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("Cannot publish: this run no longer holds the lease")
        .hasMessageContaining("run r2 of flights holds it now");
    // Closing the dead run's lease leaves the new holder's alone.
    dead.close();
    assertThat(dir.resolve("table/_lease.json")).exists();
    next.close();
    assertThat(dir.resolve("table/_lease.json")).doesNotExist();
  }

  @Test
  void aLiveRunRenewsItsLease() throws Exception {
    try (TableLease live = acquire("r1", Duration.ofMillis(20))) {
      clock.advance(TTL.plusMinutes(5));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Files.readString(dir.resolve("table/_lease.json")).contains("16:25:00Z")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(Files.readString(dir.resolve("table/_lease.json")))
          .contains("\"expires\":\"2026-11-23T16:25:00Z\"");
      live.check();
      assertThatThrownBy(() -> acquire("r2", NEVER))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("run r1 of flights holds the lease");
    }
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
