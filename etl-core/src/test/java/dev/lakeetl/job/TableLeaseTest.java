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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableLeaseTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration NEVER = Duration.ofDays(1);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T16:00:00Z"));

  private TableLease acquire(String runId, Duration renewEvery) {
    return acquire(runId, renewEvery, Duration.ZERO);
  }

  private TableLease acquire(String runId, Duration renewEvery, Duration maxWait) {
    return TableLease.acquire(
        new Configuration(),
        dir.resolve("table").toString(),
        "flights",
        runId,
        clock,
        new TableLease.Timing(TTL, renewEvery, Duration.ZERO, maxWait));
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
  void theLeaseIsOneLineOfJson() throws IOException {
    TableLease lease = acquire("r1", NEVER);
    String json = Files.readString(dir.resolve("table/_lease.json"));
    lease.close();

    assertThat(json)
        .matches(
            "\\{\"owner\":\"r1/[0-9a-f-]{36}\",\"job\":\"flights\",\"runId\":\"r1\","
                + "\"acquired\":\"2026-11-23T16:00:00Z\",\"expires\":\"2026-11-23T16:10:00Z\"}\n");
  }

  @Test
  void aDamagedLeaseFailsTheRunNamingTheFileAndTheField() throws IOException {
    Path lease = dir.resolve("table/_lease.json");
    Files.createDirectories(lease.getParent());
    Files.writeString(lease, "{\"owner\":\"r1/x\",\"job\":\"flights\",\"acquired\":\"2026\"}");

    assertThatThrownBy(() -> acquire("r2", NEVER))
        .hasMessageContaining("Cannot read lease ")
        .hasMessageContaining("_lease.json: field 'runId' is missing")
        .hasMessageContaining("delete it if no run of this table is going on");
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

  @Test
  void aWaitingRunTakesTheLeaseOnceTheHolderReleasesIt() throws Exception {
    TableLease first = acquire("r1", NEVER);
    CompletableFuture<TableLease> second =
        CompletableFuture.supplyAsync(() -> acquire("r2", NEVER, Duration.ofMinutes(1)));
    Thread.sleep(300);
    assertThat(second).isNotDone();

    first.close();

    try (TableLease taken = second.get(20, TimeUnit.SECONDS)) {
      taken.check();
      assertThat(Files.readString(dir.resolve("table/_lease.json"))).contains("\"runId\":\"r2\"");
    }
  }

  @Test
  void aWaitingRunTakesOverTheLeaseOfARunThatDiedOnceItExpires() throws Exception {
    // r1 never renews: its process was killed, and the retry r2 starts at once.
    TableLease dead = acquire("r1", NEVER);
    CompletableFuture<TableLease> retry =
        CompletableFuture.supplyAsync(() -> acquire("r2", NEVER, Duration.ofMinutes(1)));
    Thread.sleep(300);
    assertThat(retry).isNotDone();

    clock.advance(TTL.plusSeconds(1));

    try (TableLease taken = retry.get(20, TimeUnit.SECONDS)) {
      taken.check();
    }
    dead.close();
  }

  @Test
  void aRunStillHeldAfterTheWaitFailsNamingTheWait() {
    try (TableLease first = acquire("r1", NEVER)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> acquire("r2", NEVER, Duration.ofMillis(400)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("run r1 of flights holds the lease on")
          .hasMessageContaining("after waiting 400ms (lease.wait)");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
      first.check();
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
