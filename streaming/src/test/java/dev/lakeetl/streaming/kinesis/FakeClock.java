package dev.lakeetl.streaming.kinesis;

import java.time.Duration;
import java.time.Instant;

/** A clock that only moves when told or when the source waits, so budgets take no real time. */
final class FakeClock implements SourceClock {
  private static final long serialVersionUID = 1L;
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

  private long nanos;
  private long sleptMillis;

  @Override
  public synchronized Instant instant() {
    return START.plusNanos(nanos);
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized void sleep(long millis, String during) {
    nanos += Duration.ofMillis(millis).toNanos();
    sleptMillis += millis;
  }

  synchronized void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  /** Time spent in {@link #sleep}. */
  synchronized long sleptMillis() {
    return sleptMillis;
  }
}
