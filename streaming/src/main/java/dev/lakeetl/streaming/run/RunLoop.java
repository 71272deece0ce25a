package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the running queries until a stop is requested or one of them fails, rewriting the run
 * report every report interval; then stops every query.
 */
public final class RunLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  private static final Duration BATCH_FINISH_TIMEOUT = Duration.ofMinutes(10);

  private final Clock clock;
  private final Duration reportInterval;
  private final BatchGate gate;

  /**
   * @param gate the gate the queries' sinks are behind, closed on a graceful stop
   */
  public RunLoop(Clock clock, Duration reportInterval, BatchGate gate) {
    this.clock = requireNonNull(clock, "clock is null");
    this.reportInterval = requireNonNull(reportInterval, "reportInterval is null");
    this.gate = requireNonNull(gate, "gate is null");
  }

  /**
   * Runs until a stop request (STOPPED) or a failed query (FAILED).
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public StreamingStatus await(List<StreamingQuery> queries, StopSignal stop, RunReporter reporter)
      throws InterruptedException {
    Instant nextReport = clock.instant();
    while (true) {
      for (StreamingQuery query : queries) {
        if (!query.isActive()) {
          String error =
              query.exception().isDefined()
                  ? "query " + query.name() + " failed: " + query.exception().get().getMessage()
                  : "query " + query.name() + " stopped unexpectedly";
          LOG.error("Stopping the run: {}", error);
          stopAll(queries);
          reporter.write(StreamingStatus.FAILED, Optional.of(error));
          return StreamingStatus.FAILED;
        }
      }
      Optional<String> stopReason = stop.check();
      if (stopReason.isPresent()) {
        LOG.info("Stopping gracefully ({}): letting running batches finish", stopReason.get());
        stopAfterBatch(queries);
        stop.clearMarker();
        reporter.write(StreamingStatus.STOPPED, Optional.empty());
        return StreamingStatus.STOPPED;
      }
      if (!clock.instant().isBefore(nextReport)) {
        reporter.write(StreamingStatus.RUNNING, Optional.empty());
        nextReport = clock.instant().plus(reportInterval);
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * Stops the queries between batches: closes the gate, waits for the batch in progress, then stops
   * (a batch Spark triggered meanwhile waits at the gate and ends without having written). A batch
   * interrupted anyway (it outlived the timeout) is redone from the checkpoint on the next start:
   * no sink commits a batch before it is complete.
   */
  private void stopAfterBatch(List<StreamingQuery> queries) throws InterruptedException {
    if (!gate.closeAndDrain(
        BATCH_FINISH_TIMEOUT, () -> queries.stream().noneMatch(StreamingQuery::isActive))) {
      LOG.warn(
          "A batch is still running after {}: stopping it; the next start redoes it",
          BATCH_FINISH_TIMEOUT);
    }
    stopAll(queries);
  }

  /** Stops every query, logging (not throwing) what cannot be stopped. */
  public static void stopAll(List<StreamingQuery> queries) {
    queries.forEach(RunLoop::stop);
  }

  private static void stop(StreamingQuery query) {
    try {
      query.stop();
    } catch (Exception e) {
      // Exception: Spark throws undeclared checked exceptions.
      LOG.warn("Cannot stop query {}: {}", query.name(), e.getMessage());
    }
  }
}
