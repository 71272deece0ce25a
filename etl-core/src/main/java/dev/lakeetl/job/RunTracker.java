package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.report.DatasetCounts;
import dev.lakeetl.report.QualityCheck;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunOutputs;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run has done so far, for its report. A failed run reports the state it reached, so a job
 * records inputs, counts and outputs as soon as it knows them. Not thread-safe: the driver's job
 * thread owns it.
 */
public final class RunTracker {
  private final String jobName;
  private final String runId;
  private final Instant startedAt;
  private final Clock clock;
  private final Map<String, Long> durations = new LinkedHashMap<>();
  private Instant stepStartedAt;
  private String reportLocation;
  private String target = "";
  private RunInputs inputs = RunInputs.NONE;
  private RunCounts counts = RunCounts.ZERO;
  private List<String> partitions = List.of();
  private Optional<String> quarantineOutput = Optional.empty();
  private List<DatasetCounts> datasets = List.of();
  private List<QualityCheck> quality = List.of();

  RunTracker(String jobName, String runId, Instant startedAt, Clock clock, String reportLocation) {
    this.jobName = requireNonNull(jobName, "jobName is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.startedAt = requireNonNull(startedAt, "startedAt is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.reportLocation = requireNonNull(reportLocation, "reportLocation is null");
    this.stepStartedAt = startedAt;
  }

  public String runId() {
    return runId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Ends the current step: its duration is the time since the previous step ended. */
  public void step(String name) {
    requireNonNull(name, "name is null");
    Instant now = clock.instant();
    durations.put(name, Duration.between(stepStartedAt, now).toMillis());
    stepStartedAt = now;
  }

  public RunInputs inputs() {
    return inputs;
  }

  public void inputs(RunInputs inputs) {
    this.inputs = requireNonNull(inputs, "inputs is null");
  }

  public RunCounts counts() {
    return counts;
  }

  public void counts(RunCounts counts) {
    this.counts = requireNonNull(counts, "counts is null");
  }

  /** Partitions written, e.g. {@code year=2001/month=01/day=15}. */
  public void partitions(List<String> partitions) {
    this.partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
  }

  /** Root of the output the run writes. */
  public void target(String target) {
    this.target = requireNonNull(target, "target is null");
  }

  /** Folder this run's quarantined records went to. */
  public void quarantineOutput(String folder) {
    this.quarantineOutput = Optional.of(requireNonNull(folder, "folder is null"));
  }

  /** Rows per named input and output, for jobs with several ({@link RunReport#datasets()}). */
  public void datasets(List<DatasetCounts> datasets) {
    this.datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
  }

  /** Results of the data-quality rules, for the report (a failed check included). */
  public void quality(List<QualityCheck> quality) {
    this.quality = List.copyOf(requireNonNull(quality, "quality is null"));
  }

  void reportLocation(String reportLocation) {
    this.reportLocation = requireNonNull(reportLocation, "reportLocation is null");
  }

  RunReport finish(RunStatus status, Optional<String> error) {
    Instant finishedAt = clock.instant();
    durations.put("total", Duration.between(startedAt, finishedAt).toMillis());
    return new RunReport(
        new RunHeader<>(runId, jobName, status, startedAt, finishedAt, error),
        inputs,
        counts,
        partitions,
        new RunOutputs(target, quarantineOutput, reportLocation),
        durations,
        datasets,
        quality);
  }
}
