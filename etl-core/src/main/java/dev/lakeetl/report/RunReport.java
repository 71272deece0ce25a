package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one job run did: inputs, row counts, partitions and files written, timings and the error if
 * it failed. Written as versioned JSON by {@link RunReportWriter}; see {@link RunReportJson} for
 * the format.
 *
 * @param runId run identifier, e.g. {@code 20261123T160102Z-3f9a1c}
 * @param job job name ({@code job.name})
 * @param status outcome
 * @param startedAt start time (UTC, millisecond precision)
 * @param finishedAt end time (UTC, millisecond precision)
 * @param inputs files read
 * @param counts row counts
 * @param partitionsWritten partitions of the target written, e.g. {@code year=2001/month=01/day=15}
 * @param outputs where the run wrote
 * @param durationsMillis milliseconds per step in execution order, e.g. plan, write, quarantine,
 *     total
 * @param error clear error message when the run failed
 * @param datasets rows per named input and output, for jobs with several; empty otherwise
 * @param quality results of the data-quality rules, empty when the job has none
 */
public record RunReport(
    String runId,
    String job,
    RunStatus status,
    Instant startedAt,
    Instant finishedAt,
    RunInputs inputs,
    RunCounts counts,
    List<String> partitionsWritten,
    RunOutputs outputs,
    Map<String, Long> durationsMillis,
    Optional<String> error,
    List<DatasetCounts> datasets,
    List<QualityCheck> quality) {
  /** Version of the JSON format this class reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public RunReport {
    requireNonNull(runId, "runId is null");
    requireNonNull(job, "job is null");
    requireNonNull(status, "status is null");
    startedAt = requireNonNull(startedAt, "startedAt is null").truncatedTo(ChronoUnit.MILLIS);
    finishedAt = requireNonNull(finishedAt, "finishedAt is null").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(inputs, "inputs is null");
    requireNonNull(counts, "counts is null");
    partitionsWritten = List.copyOf(requireNonNull(partitionsWritten, "partitionsWritten is null"));
    requireNonNull(outputs, "outputs is null");
    // Keep the step order for readers of the JSON; Map.copyOf would scramble it.
    durationsMillis =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(durationsMillis, "durationsMillis is null")));
    requireNonNull(error, "error is null");
    datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
    quality = List.copyOf(requireNonNull(quality, "quality is null"));
    if (status == RunStatus.FAILED && error.isEmpty()) {
      throw new IllegalArgumentException("Cannot create run report: FAILED run without an error");
    }
    if (status != RunStatus.FAILED && error.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot create run report: " + status + " run with error " + error.get());
    }
  }

  /** A report without per-dataset counts or quality results: one input, one target. */
  public RunReport(
      String runId,
      String job,
      RunStatus status,
      Instant startedAt,
      Instant finishedAt,
      RunInputs inputs,
      RunCounts counts,
      List<String> partitionsWritten,
      RunOutputs outputs,
      Map<String, Long> durationsMillis,
      Optional<String> error) {
    this(
        runId,
        job,
        status,
        startedAt,
        finishedAt,
        inputs,
        counts,
        partitionsWritten,
        outputs,
        durationsMillis,
        error,
        List.of(),
        List.of());
  }

  /** This report with {@code datasets} as its per-dataset counts. */
  public RunReport withDatasets(List<DatasetCounts> datasets) {
    return new RunReport(
        runId,
        job,
        status,
        startedAt,
        finishedAt,
        inputs,
        counts,
        partitionsWritten,
        outputs,
        durationsMillis,
        error,
        datasets,
        quality);
  }

  /** Total run time: the {@code total} step if recorded, else finish minus start. */
  public long totalMillis() {
    Long total = durationsMillis.get("total");
    return total != null ? total : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
  }
}
