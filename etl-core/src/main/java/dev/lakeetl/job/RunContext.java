package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.JobArguments;
import java.time.Clock;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a batch job, as the job and its listeners see it. */
public final class RunContext {
  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  private final SparkSession spark;
  private final JobSetup setup;
  private final JobArguments arguments;
  private final Clock clock;
  private final RunTracker tracker;
  private final List<RunListener> listeners;

  RunContext(
      SparkSession spark,
      JobSetup setup,
      JobArguments arguments,
      Clock clock,
      RunTracker tracker,
      List<RunListener> listeners) {
    this.spark = requireNonNull(spark, "spark is null");
    this.setup = requireNonNull(setup, "setup is null");
    this.arguments = requireNonNull(arguments, "arguments is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.tracker = requireNonNull(tracker, "tracker is null");
    this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
  }

  public SparkSession spark() {
    return spark;
  }

  public JobSetup setup() {
    return setup;
  }

  /** The program arguments, Glue's own ones included (in {@link JobArguments#ignored()}). */
  public JobArguments arguments() {
    return arguments;
  }

  public Clock clock() {
    return clock;
  }

  public String runId() {
    return tracker.runId();
  }

  public RunTracker tracker() {
    return tracker;
  }

  /**
   * Announces that an output is written and visible at its final location; every listener's {@link
   * RunListener#outputPublished} runs now, in order.
   *
   * @throws Exception the first listener failure; the run fails with it
   */
  public void published(PublishedOutput output) throws Exception {
    requireNonNull(output, "output is null");
    LOG.info(
        "Published {}: {} rows in {} partitions at {}",
        output.name(),
        output.result().rowsWritten(),
        output.result().partitions().size(),
        output.target().path());
    for (RunListener listener : listeners) {
      listener.outputPublished(this, output);
    }
  }

  void succeeded() throws Exception {
    for (RunListener listener : listeners) {
      listener.runSucceeded(this);
    }
  }
}
