package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.report.QualityCheck;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportJson;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.RawDrops;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality rules inside the job: write-audit-publish, severities, history, on small files. */
class RawToRefinedQualityTest {
  private static final String DAY_1_A =
      "{\"date\":\"2001/01/01 06:55\",\"delay\":-19,\"distance\":1797,\"origin\":\"LAX\",\"destination\":\"BNA\"}";
  private static final String DAY_1_B =
      "{\"date\":\"2001/01/01 07:10\",\"delay\":5,\"distance\":500,\"origin\":\"SFO\",\"destination\":\"JFK\"}";
  private static final String DAY_2_LATE =
      "{\"date\":\"2001/01/02 23:59\",\"delay\":9000,\"distance\":100,\"origin\":\"BNA\",\"destination\":\"LAX\"}";
  private static final String DAY_2_LONG =
      "{\"date\":\"2001/01/02 10:00\",\"delay\":0,\"distance\":7000,\"origin\":\"JFK\",\"destination\":\"HNL\"}";

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  private Path spec() throws IOException {
    List<String> lines = new ArrayList<>(RefineRun.checkedFlights(directory));
    lines.addAll(
        List.of(
            "quality:",
            "  rules:",
            "    origin-complete: {type: completeness, column: origin}",
            "    delay-plausible: {type: range, column: delay, min: -1440, max: 2880,"
                + " severity: quarantine}",
            "    distance-plausible: {type: range, column: distance, min: 1, max: 6000}",
            "    flight-unique: {type: uniqueness, columns: [departure_time, origin, destination]}",
            "    steady: {type: row-count-change, max-change-percent: 50, severity: warn}"));
    return RefineRun.writeConfig(directory, lines);
  }

  private void rawFile(String name, String... lines) throws IOException {
    RawDrops.write(directory, "flights/" + name, lines);
  }

  private String[] arguments(String runId, String... extra) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--config", spec().toString()));
    arguments.addAll(List.of("--run-id", runId));
    arguments.addAll(Arrays.asList(extra));
    return arguments.toArray(String[]::new);
  }

  private RunReport run(String runId, String... extra) throws IOException {
    return RefineRun.run(spec(), runId, extra);
  }

  private static QualityCheck check(RunReport report, String rule) {
    return report.quality().stream()
        .filter(check -> check.rule().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void publishesPassingRowsQuarantinesWithTheRuleAsReasonAndReports() throws IOException {
    rawFile("a.json", DAY_1_A, DAY_1_B, DAY_2_LATE);

    RunReport report = run("q-1");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
    assertThat(report.durationsMillis()).containsKeys("write", "audit", "quarantine", "publish");
    assertThat(check(report, "delay-plausible").status()).isEqualTo("QUARANTINED");
    assertThat(check(report, "delay-plausible").failedRows()).hasValue(1);
    assertThat(check(report, "flight-unique").status()).isEqualTo("PASSED");
    assertThat(check(report, "steady").note())
        .hasValueSatisfying(note -> assertThat(note).startsWith("no history yet"));
    assertThat(
            RunReportJson.fromJson(Files.readString(Path.of(report.outputs().report())), "report")
                .quality())
        .isEqualTo(report.quality());

    List<Row> published =
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("refined/flights").toString())
            .collectAsList();
    assertThat(published.stream().map(row -> row.<String>getAs("origin")))
        .containsExactlyInAnyOrder("LAX", "SFO");
    assertThat(directory.resolve("refined/flights/_staging/q-1")).doesNotExist();
    assertThat(directory.resolve("refined/flights/_quality/metrics.json")).exists();
    List<Row> quarantined =
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("quarantine/flights").toString())
            .collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getAs("reason"))
        .isEqualTo("failed quality rule 'delay-plausible'");
    assertThat(quarantined.get(0).<String>getAs("raw_record")).contains("\"delay\":9000");
    assertThat(quarantined.get(0).<String>getAs("source_file")).endsWith("a.json");
  }

  @Test
  void aRunOverTheRejectLimitRecordsItsMetricsAsNotPublished() throws IOException {
    rawFile("a.json", DAY_1_A, DAY_1_B, DAY_2_LATE);

    // One of three rows breaks the quarantine rule: 33 %, over a limit of 10 %.
    RunReport report = run("q-over", "--quarantine.max-ratio", "10%");

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error -> assertThat(error).contains("more than quarantine.max-ratio 10%"));
    assertThat(directory.resolve("refined/flights/_staging/q-over")).doesNotExist();
    assertThat(historyPublishedTags()).containsExactly(Map.entry("q-over", "false"));
  }

  /** Run id to its {@code published} tag, for every run in the table's metrics history. */
  private Map<String, String> historyPublishedTags() throws IOException {
    JsonNode history =
        new ObjectMapper()
            .readTree(directory.resolve("refined/flights/_quality/metrics.json").toFile());
    Map<String, String> published = new TreeMap<>();
    for (JsonNode tags : history.findValues("tags")) {
      published.put(tags.path("run_id").asText(), tags.path("published").asText());
    }
    return published;
  }

  @Test
  void aRunFailingAfterStagingForAnotherReasonLeavesNoStagedOutput() throws IOException {
    rawFile("a.json", DAY_1_A, DAY_1_B, DAY_2_LATE);
    // The quarantine cannot be written: a file stands where its folder should be.
    Path blocked = directory.resolve("blocked");
    Files.writeString(blocked, "not a folder");

    RunReport report = run("q-broken", "--quarantine.path", blocked.toString());

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.durationsMillis()).containsKeys("write", "audit");
    Path table = directory.resolve("refined/flights");
    assertThat(table.resolve("_staging")).doesNotExist();
    try (Stream<Path> files = Files.walk(table)) {
      assertThat(files.filter(Files::isRegularFile).map(table::relativize).map(Path::toString))
          .isNotEmpty()
          .allSatisfy(file -> assertThat(file).startsWith("_reports/"));
    }
  }

  @Test
  void aFailingFailRuleLeavesThePublishedDataByteIdentical() throws IOException {
    rawFile("a.json", DAY_1_A, DAY_1_B);
    assertThat(
            JobMain.execute(arguments("good"), RawToRefinedJob::new, Map.of(), Clock.systemUTC()))
        .isEqualTo(JobMain.EXIT_SUCCEEDED);
    Map<String, String> before = publishedFiles();
    assertThat(before).isNotEmpty();

    // The same day again, plus a flight whose distance breaks a fail rule.
    rawFile("b.json", DAY_2_LONG);
    int exitCode =
        JobMain.execute(arguments("bad"), RawToRefinedJob::new, Map.of(), Clock.systemUTC());

    assertThat(exitCode).isEqualTo(JobMain.EXIT_RUN_FAILED);
    assertThat(publishedFiles()).isEqualTo(before);
    assertThat(directory.resolve("refined/flights/_staging/bad")).doesNotExist();
    RunReport report =
        RunReportJson.fromJson(
            Files.readString(directory.resolve("refined/flights/_reports/bad.json")), "report");
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValue(
            "Quality check failed, nothing published: rule 'distance-plausible' (range, fail)"
                + " FAILED: measured 0.666667, threshold distance >= 1 and <= 6000 in a fraction >= 1 of rows, 1 rows failed");
    assertThat(check(report, "distance-plausible").measured())
        .hasValueCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(check(report, "distance-plausible").threshold())
        .isEqualTo("distance >= 1 and <= 6000 in a fraction >= 1 of rows");
  }

  @Test
  void theChecksAddNoShuffleAndNoSortToTheWrite() throws Exception {
    rawFile("a.json", DAY_1_A, DAY_1_B, DAY_2_LONG.replace("7000", "700"));
    List<String> writePlans =
        WritePlans.into(
            directory.resolve("refined/flights/_staging"),
            () -> assertThat(run("plan").status()).isEqualTo(RunStatus.SUCCEEDED));

    // Uniqueness of the dedupe key is a window over the dedupe window's partitioning and order.
    assertThat(writePlans).hasSize(1);
    assertThat(writePlans.get(0).split("Exchange hashpartitioning", -1)).hasSize(2);
    assertThat(writePlans.get(0).split("Sort \\[", -1)).hasSize(2);
  }

  /** Data files of the table (reports and history excluded) with a hash of their bytes. */
  private Map<String, String> publishedFiles() throws IOException {
    Path table = directory.resolve("refined/flights");
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(Files::isRegularFile)
          .filter(path -> !table.relativize(path).toString().startsWith("_"))
          .collect(
              Collectors.toMap(
                  path -> table.relativize(path).toString(),
                  RawToRefinedQualityTest::sha256,
                  (a, b) -> a,
                  TreeMap::new));
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash " + file, e);
    }
  }
}
