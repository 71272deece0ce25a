package dev.lakeetl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunHeaderTest {
  private static final Instant STARTED = Instant.parse("2026-11-23T16:01:02.125Z");

  @Test
  void aFailedRunNeedsAnError() {
    assertThatThrownBy(
            () ->
                new RunHeader<>(
                    "run-1", "job", RunStatus.FAILED, STARTED, STARTED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create run report: FAILED run without an error");
  }

  @Test
  void onlyAFailedRunHasAnError() {
    assertThatThrownBy(
            () ->
                new RunHeader<>(
                    "run-1", "job", RunStatus.SUCCEEDED, STARTED, STARTED, Optional.of("boom")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create run report: SUCCEEDED run with error boom");
  }

  @Test
  void timesKeepMilliseconds() {
    RunHeader<RunStatus> header =
        new RunHeader<>(
            "run-1",
            "job",
            RunStatus.EMPTY,
            STARTED.plusNanos(999_999),
            STARTED.plusNanos(1_500_000_001),
            Optional.empty());

    assertThat(header.startedAt()).isEqualTo(STARTED);
    assertThat(header.reportedAt()).isEqualTo(STARTED.plusMillis(1_500));
    assertThat(header.elapsed()).isEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void summaryLineNamesRunJobStatusTimeReportAndError() {
    RunHeader<RunStatus> header =
        new RunHeader<>(
            "run-1",
            "flights-raw-to-refined",
            RunStatus.FAILED,
            STARTED,
            STARTED.plusMillis(14_176),
            Optional.of("Cannot read source"));

    assertThat(header.summaryLine("read 0", header.elapsed(), "out/_reports/run-1.json"))
        .isEqualTo(
            "Run run-1 of flights-raw-to-refined FAILED: read 0; 14.2 s;"
                + " report out/_reports/run-1.json; error: Cannot read source");
  }
}
