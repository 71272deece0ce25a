package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.streaming.sink.BatchCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and writes the run report of a streaming run; a report that cannot be written is logged,
 * not fatal. At the end of the run it also logs the summary line and posts it to Slack when
 * notifications are configured.
 */
public final class RunReporter {
  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

  private final String runId;
  private final String job;
  private final Instant startedAt;
  private final Clock clock;
  private final ProgressListener progress;
  private final Supplier<BatchCounts> totals;
  private final Supplier<List<RuleTally>> quality;
  private final Map<String, Optional<String>> outputs;
  private final StreamingReportWriter writer;
  private final SlackNotifier slack;

  /**
   * @param totals records and window rows written since the checkpoint was created
   * @param quality per quality rule, what this process's batches found
   * @param outputs the report's outputs section
   */
  public RunReporter(
      String runId,
      String job,
      Instant startedAt,
      Clock clock,
      ProgressListener progress,
      Supplier<BatchCounts> totals,
      Supplier<List<RuleTally>> quality,
      Map<String, Optional<String>> outputs,
      StreamingReportWriter writer,
      SlackNotifier slack) {
    this.runId = requireNonNull(runId, "runId is null");
    this.job = requireNonNull(job, "job is null");
    this.startedAt = requireNonNull(startedAt, "startedAt is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.progress = requireNonNull(progress, "progress is null");
    this.totals = requireNonNull(totals, "totals is null");
    this.quality = requireNonNull(quality, "quality is null");
    this.outputs = Map.copyOf(requireNonNull(outputs, "outputs is null"));
    this.writer = requireNonNull(writer, "writer is null");
    this.slack = requireNonNull(slack, "slack is null");
  }

  /** Writes the report with {@code status}; {@code error} only for FAILED. */
  public void write(StreamingStatus status, Optional<String> error) {
    StreamingReport report =
        new StreamingReport(
            new RunHeader<>(runId, job, status, startedAt, clock.instant(), error),
            totals.get(),
            progress.latest(),
            quality.get(),
            outputs);
    try {
      writer.write(report);
    } catch (RuntimeException e) {
      LOG.error("Cannot write the run report {}: {}", writer.location(), e.getMessage());
    }
    if (status != StreamingStatus.RUNNING) {
      String summary = report.summaryLine(writer.location());
      if (status == StreamingStatus.FAILED) {
        LOG.error(summary);
      } else {
        LOG.info(summary);
      }
      slack.notify(runId, job, status, summary);
    }
  }
}
