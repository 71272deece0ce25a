package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one batch job run did: inputs, row counts, partitions and files written, timings and the
 * error if it failed. Written as versioned JSON by {@link RunReportWriter}; see {@link
 * RunReportJson} for the format.
 *
 * @param header which run of which job, its outcome, start and end time and error
 * @param inputs files read
 * @param counts row counts
 * @param partitionsWritten partitions of the target written, e.g. {@code year=2001/month=01/day=15}
 * @param outputs where the run wrote
 * @param durationsMillis milliseconds per step in execution order, e.g. plan, write, quarantine,
 *     total
 * @param datasets rows per named input and output, for jobs with several; empty otherwise
 * @param quality results of the data-quality rules, empty when the job has none
 */
public record RunReport(
    RunHeader<RunStatus> header,
    RunInputs inputs,
    RunCounts counts,
    List<String> partitionsWritten,
    RunOutputs outputs,
    Map<String, Long> durationsMillis,
    List<DatasetCounts> datasets,
    List<QualityCheck> quality) {
  /** Version of the run report JSON format, batch and streaming. */
  public static final int FORMAT_VERSION = 1;

  public RunReport {
    requireNonNull(header, "header is null");
    requireNonNull(inputs, "inputs is null");
    requireNonNull(counts, "counts is null");
    partitionsWritten = List.copyOf(requireNonNull(partitionsWritten, "partitionsWritten is null"));
    requireNonNull(outputs, "outputs is null");
    // Keep the step order for readers of the JSON; Map.copyOf would scramble it.
    durationsMillis =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(durationsMillis, "durationsMillis is null")));
    datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
    quality = List.copyOf(requireNonNull(quality, "quality is null"));
  }

  /** Run identifier, e.g. {@code 20261123T160102Z-3f9a1c}. */
  public String runId() {
    return header.runId();
  }

  /** Job name ({@code job.name}). */
  public String job() {
    return header.job();
  }

  public RunStatus status() {
    return header.status();
  }

  /** Start time (UTC, millisecond precision). */
  public Instant startedAt() {
    return header.startedAt();
  }

  /** End time (UTC, millisecond precision). */
  public Instant finishedAt() {
    return header.reportedAt();
  }

  /** Clear error message when the run failed. */
  public Optional<String> error() {
    return header.error();
  }

  /** Total run time: the {@code total} step if recorded, else finish minus start. */
  public Duration total() {
    Long total = durationsMillis.get("total");
    return total != null ? Duration.ofMillis(total) : header.elapsed();
  }
}
