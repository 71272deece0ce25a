package dev.lakeetl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  private static final Instant STARTED = Instant.parse("2026-11-23T16:01:02.125Z");

  private static RunReport report(String reportPath) {
    Map<String, Long> durations = new LinkedHashMap<>();
    durations.put("plan", 210L);
    durations.put("write", 13_002L);
    durations.put("quarantine", 800L);
    durations.put("total", 14_176L);
    return new RunReport(
        new RunHeader<>(
            "20261123T160102Z-3f9a1c",
            "flights-raw-to-refined",
            RunStatus.SUCCEEDED,
            STARTED,
            STARTED.plusMillis(14_176),
            Optional.empty()),
        RunInputs.of(
            List.of(
                new InputFile("s3a://raw/flights/2001/01/01/flights.json", 617),
                new InputFile("s3a://raw/flights/2001/01/02/flights.json", 100))),
        new RunCounts(10_012, 10_000, 7, 5),
        List.of("year=2001/month=01/day=01", "year=2001/month=01/day=02"),
        new RunOutputs("out/refined/flights", Optional.of("out/quarantine/flights"), reportPath),
        durations,
        List.of(),
        List.of());
  }

  @Test
  void jsonRoundTripKeepsEveryField() {
    RunReport report = report("out/refined/flights/_reports/20261123T160102Z-3f9a1c.json");
    String json = RunReportJson.toJson(report);

    assertThat(json)
        .contains("\"version\" : 1")
        .contains("\"startedAt\" : \"2026-11-23T16:01:02.125Z\"");
    RunReport read = RunReportJson.fromJson(json, "test");
    assertThat(read).isEqualTo(report);
    assertThat(read.durationsMillis().keySet())
        .containsExactly("plan", "write", "quarantine", "total");
  }

  @Test
  void qualityResultsRoundTrip() {
    RunReport plain = report("r.json");
    RunReport report =
        new RunReport(
            new RunHeader<>(
                plain.runId(),
                plain.job(),
                RunStatus.FAILED,
                plain.startedAt(),
                plain.finishedAt(),
                Optional.of("Quality check failed, nothing published")),
            plain.inputs(),
            plain.counts(),
            plain.partitionsWritten(),
            plain.outputs(),
            plain.durationsMillis(),
            List.of(),
            List.of(
                new QualityCheck(
                    "delay-range",
                    "range",
                    "fail",
                    "FAILED",
                    java.util.OptionalDouble.of(0.75),
                    ">= 0.9",
                    java.util.OptionalLong.of(3),
                    Optional.empty()),
                new QualityCheck(
                    "near-mean",
                    "row-count-anomaly",
                    "warn",
                    "PASSED",
                    java.util.OptionalDouble.empty(),
                    "within 20% of the mean of last 5",
                    java.util.OptionalLong.empty(),
                    Optional.of("no history yet"))));

    String json = RunReportJson.toJson(report);

    assertThat(json).contains("\"threshold\" : \">= 0.9\"");
    assertThat(RunReportJson.fromJson(json, "test")).isEqualTo(report);
    assertThat(
            RunReportJson.fromJson(json.replaceAll("(?s),\\s*\"quality\".*\\]", ""), "old")
                .quality())
        .as("reports written before quality results read as having none")
        .isEmpty();
  }

  @Test
  void failedReportWithoutQuarantineRoundTripsNulls() {
    RunReport failed =
        new RunReport(
            new RunHeader<>(
                "run-1",
                "job",
                RunStatus.FAILED,
                STARTED,
                STARTED,
                Optional.of("Cannot read source: path does not exist")),
            RunInputs.NONE,
            RunCounts.ZERO,
            List.of(),
            new RunOutputs("t", Optional.empty(), "t/_reports/run-1.json"),
            Map.of(),
            List.of(),
            List.of());
    String json = RunReportJson.toJson(failed);

    assertThat(json).contains("\"quarantine\" : null");
    assertThat(RunReportJson.fromJson(json, "test")).isEqualTo(failed);
  }

  @Test
  void readingAnotherVersionFailsClearly() {
    String json =
        RunReportJson.toJson(report("r.json")).replace("\"version\" : 1", "\"version\" : 2");

    assertThatThrownBy(() -> RunReportJson.fromJson(json, "reports/r.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read run report reports/r.json: format version 2 is not supported"
                + " (this build reads version 1)");
  }

  @Test
  void readingAReportWithoutVersionFails() {
    assertThatThrownBy(() -> RunReportJson.fromJson("{\"runId\": \"x\"}", "r.json"))
        .hasMessage("Cannot read run report r.json: missing integer field 'version'");
  }

  @Test
  void inputsKeepCountAndBytesButListOnlyTheFirstThousandFiles() {
    List<InputFile> files = new ArrayList<>();
    for (int i = 0; i < 1_005; i++) {
      files.add(new InputFile("raw/part-" + i + ".json", 10));
    }
    RunInputs inputs = RunInputs.of(files);

    assertThat(inputs.fileCount()).isEqualTo(1_005);
    assertThat(inputs.totalBytes()).isEqualTo(10_050);
    assertThat(inputs.files()).hasSize(1_000);
    assertThat(inputs.files().get(999).path()).isEqualTo("raw/part-999.json");
    assertThat(inputs.truncated()).isTrue();
  }

  @Test
  void countsThatAddUpReconcile() {
    RunCounts counts = new RunCounts(10_012, 10_000, 7, 5);
    assertThat(counts.reconcile()).isSameAs(counts);
  }

  @Test
  void countsThatDoNotAddUpFailWithAllNumbers() {
    RunCounts counts = new RunCounts(10_012, 9_990, 7, 5);

    assertThatThrownBy(counts::reconcile)
        .isInstanceOf(ReconciliationException.class)
        .hasMessage(
            "Cannot reconcile row counts: read 10012 != written 9990 + quarantined 7"
                + " + duplicates removed 5 (difference 10 rows)");
  }

  @Test
  void datasetCountsRoundTripAndNameEachDatasetInTheSummary() {
    RunReport plain = report("out/curated/_reports/20261123T160102Z-3f9a1c.json");
    RunReport report =
        new RunReport(
            plain.header(),
            plain.inputs(),
            plain.counts(),
            plain.partitionsWritten(),
            plain.outputs(),
            plain.durationsMillis(),
            List.of(
                DatasetCounts.input("flights", "out/refined/flights", 10_000),
                DatasetCounts.input("airports", "sample-data/raw/airports", 3_376),
                DatasetCounts.output(
                    "route_daily_delays",
                    "out/curated/route_daily_delays",
                    9_722,
                    List.of("flight_date=2001-01-01", "flight_date=2001-01-02"))),
            List.of());
    String json = RunReportJson.toJson(report);

    assertThat(json).contains("\"role\" : \"OUTPUT\"").contains("\"rows\" : 9722");
    assertThat(RunReportJson.fromJson(json, "test")).isEqualTo(report);
    assertThat(RunReportWriter.summaryLine(report))
        .isEqualTo(
            "Run 20261123T160102Z-3f9a1c of flights-raw-to-refined SUCCEEDED: read flights 10,000,"
                + " airports 3,376; wrote route_daily_delays 9,722 (2 partitions); 14.2 s; report"
                + " out/curated/_reports/20261123T160102Z-3f9a1c.json");
  }

  @Test
  void reportsWrittenBeforeDatasetCountsStillRead() {
    RunReport report = report("out/refined/flights/_reports/r.json");
    String json = RunReportJson.toJson(report);
    String withoutDatasets = json.replaceAll(",\\s*\"datasets\" : \\[ \\]", "");

    assertThat(withoutDatasets).doesNotContain("datasets").contains("\"version\" : 1");
    RunReport read = RunReportJson.fromJson(withoutDatasets, "old.json");
    assertThat(read).isEqualTo(report);
    assertThat(read.datasets()).isEmpty();
  }

  @Test
  void summaryLineNamesCountsPartitionsTimeAndReport() {
    RunReport report = report("out/refined/flights/_reports/20261123T160102Z-3f9a1c.json");

    assertThat(RunReportWriter.summaryLine(report))
        .isEqualTo(
            "Run 20261123T160102Z-3f9a1c of flights-raw-to-refined SUCCEEDED: read 10,012 ="
                + " written 10,000 + quarantined 7 + duplicates removed 5; 2 partitions; 14.2 s;"
                + " report out/refined/flights/_reports/20261123T160102Z-3f9a1c.json");
  }

  @Test
  void writerWritesAndOverwritesTheReportFile(@TempDir Path directory) throws Exception {
    String location = RunReportWriter.location(directory.resolve("_reports").toString(), "run-1");
    RunReport first = report(location);
    RunReportWriter.write(first, new Configuration());
    RunReport second =
        new RunReport(
            new RunHeader<>(
                first.runId(),
                first.job(),
                RunStatus.EMPTY,
                first.startedAt(),
                first.finishedAt(),
                Optional.empty()),
            RunInputs.NONE,
            RunCounts.ZERO,
            List.of(),
            first.outputs(),
            Map.of("total", 3L),
            List.of(),
            List.of());
    String written = RunReportWriter.write(second, new Configuration());

    assertThat(Path.of(location)).exists();
    assertThat(Files.readString(Path.of(location))).contains("\"status\" : \"EMPTY\"");
    assertThat(RunReportWriter.read(written, new Configuration())).isEqualTo(second);
    try (java.util.stream.Stream<Path> listing = Files.list(directory.resolve("_reports"))) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp"));
    }
  }

  @Test
  void runIdsFollowTheTimestampAndHexFormat() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T16:01:02.999Z"), ZoneOffset.UTC);
    String runId = RunIds.newRunId(clock);

    assertThat(runId).startsWith("20261123T160102Z-").matches(RunIds.FORMAT);
    assertThat(RunIds.newRunId(clock)).isNotEqualTo(runId);
  }
}
