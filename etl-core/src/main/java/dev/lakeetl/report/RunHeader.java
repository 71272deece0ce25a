package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * What every run report starts with, batch ({@link RunReport}) or streaming: which run of which
 * job, its status when the report was made and, for a failed run, why it failed.
 *
 * @param runId run identifier, e.g. {@code 20261123T160102Z-3f9a1c}
 * @param job job name ({@code job.name})
 * @param status outcome, or the state of a run still going on
 * @param startedAt start time (UTC, millisecond precision)
 * @param reportedAt when the report was made, the end time of a finished run (UTC, millisecond
 *     precision)
 * @param error clear error message, present exactly when the status is a failure
 * @param <S> the kind of run's status
 */
public record RunHeader<S extends ReportStatus>(
    String runId,
    String job,
    S status,
    Instant startedAt,
    Instant reportedAt,
    Optional<String> error) {
  public RunHeader {
    requireNonNull(runId, "runId is null");
    requireNonNull(job, "job is null");
    requireNonNull(status, "status is null");
    startedAt = requireNonNull(startedAt, "startedAt is null").truncatedTo(ChronoUnit.MILLIS);
    reportedAt = requireNonNull(reportedAt, "reportedAt is null").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(error, "error is null");
    if (status.failed() && error.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot create run report: " + status.name() + " run without an error");
    }
    if (!status.failed() && error.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot create run report: " + status.name() + " run with error " + error.get());
    }
  }

  /** Time from the start of the run to this report. */
  public Duration elapsed() {
    return Duration.between(startedAt, reportedAt);
  }

  /**
   * The one line for the log, e.g. {@code Run 20261123T160102Z-3f9a1c of flights-raw-to-refined
   * SUCCEEDED: <what the run did>; 14.2 s; report <location>}, ending with the error of a failed
   * run.
   *
   * @param activity what the run read and wrote, in the words of its kind
   * @param took how long the run took
   * @param location where the report is
   */
  public String summaryLine(String activity, Duration took, String location) {
    requireNonNull(activity, "activity is null");
    requireNonNull(took, "took is null");
    requireNonNull(location, "location is null");
    return String.format(
            Locale.ROOT,
            "Run %s of %s %s: %s; %.1f s; report %s",
            runId,
            job,
            status.name(),
            activity,
            took.toMillis() / 1000.0,
            location)
        + error.map(message -> "; error: " + message).orElse("");
  }
}
