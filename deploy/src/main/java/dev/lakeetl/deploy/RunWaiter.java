package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls a run until it reaches a final state, logging each change of state. */
public final class RunWaiter {
  private static final Logger LOG = LoggerFactory.getLogger(RunWaiter.class);

  /** Waits between polls; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Duration interval;
  private final Sleeper sleeper;

  public RunWaiter(Duration interval, Sleeper sleeper) {
    this.interval = requireNonNull(interval, "interval is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
  }

  /** Sleeps {@code interval} between polls. */
  public static RunWaiter every(Duration interval) {
    return new RunWaiter(interval, duration -> Thread.sleep(duration.toMillis()));
  }

  /**
   * Polls until {@code isFinal} holds and returns that last observation.
   *
   * @param what the run, for log lines, e.g. {@code Glue job lakeetl-dev-raw-to-refined run jr_1}
   * @param state the state name of an observation, logged when it changes
   */
  public <T> T await(
      String what, Supplier<T> poll, Function<T, String> state, Predicate<T> isFinal) {
    String lastState = null;
    while (true) {
      T observation = poll.get();
      String current = state.apply(observation);
      if (!Objects.equals(current, lastState)) {
        LOG.info("{}: {}", what, current);
        lastState = current;
      }
      if (isFinal.test(observation)) {
        return observation;
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("Cannot wait for " + what + ": interrupted", e);
      }
    }
  }
}
