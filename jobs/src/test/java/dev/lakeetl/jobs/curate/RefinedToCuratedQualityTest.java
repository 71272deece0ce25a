package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.report.QualityCheck;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportJson;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality rules on curated outputs: the shipped example's rule set, then each severity, the
 * all-or-nothing publish of several outputs and the cleanup of a run that fails for another reason.
 * Data: the flights of {@link RefinedToCuratedJobTest} (8 flights, 5 route-days, destination ZZZ is
 * no known airport).
 */
class RefinedToCuratedQualityTest {
  private static final String RULES = "--output.route_daily_delays.quality.rules.";

  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();

  @BeforeEach
  void refinedFlightsAndAirports() throws IOException {
    RefinedToCuratedJobTest.writeFlightsAndAirports(spark, directory);
  }

  private List<String> example(String... more) {
    return CuratedExample.arguments(directory, "curated", more);
  }

  private static RunReport run(List<String> arguments) {
    return CuratedExample.run(arguments);
  }

  private static Map<String, String> statuses(RunReport report) {
    return report.quality().stream()
        .collect(
            Collectors.toMap(QualityCheck::rule, QualityCheck::status, (a, b) -> a, TreeMap::new));
  }

  @Test
  void theExampleRulesHoldAndTheOutputIsPublished() {
    RunReport report =
        run(
            example(
                RULES + "destination-known.type",
                "referential-integrity",
                RULES + "destination-known.column",
                "destination",
                RULES + "destination-known.reference.dataset",
                "airports",
                RULES + "destination-known.reference.column",
                "iata",
                RULES + "destination-known.severity",
                "warn"));

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(statuses(report))
        .containsEntry("route_daily_delays/route-day-key", "PASSED")
        .containsEntry("route_daily_delays/origin-known", "PASSED")
        .containsEntry("route_daily_delays/RowCount > 0", "PASSED")
        .containsEntry("route_daily_delays/ColumnValues \"flights\" >= 1", "PASSED")
        // ZZZ is neither in the airports nor named.
        .containsEntry("route_daily_delays/destination-known", "WARNED")
        .containsEntry("route_daily_delays/destination-named", "WARNED");
    assertThat(
            report.quality().stream()
                .filter(check -> check.rule().endsWith("/destination-known"))
                .findFirst()
                .orElseThrow()
                .failedRows())
        .hasValue(1);
    assertThat(spark.read().parquet(table().toString()).count()).isEqualTo(5);
    assertThat(table().resolve("_staging")).doesNotExist();
    assertThat(table().resolve("_quality/metrics.json")).exists();
    assertThat(report.durationsMillis())
        .containsKeys("write route_daily_delays", "audit route_daily_delays");
  }

  @Test
  void aBrokenFailRuleLeavesThePublishedTableByteIdenticalAndExitsWithOne() throws IOException {
    assertThat(run(example()).status()).isEqualTo(RunStatus.SUCCEEDED);
    Map<String, String> before = checksums(table());

    int exitCode =
        RefinedToCuratedJob.execute(
            example(
                    "--run-id",
                    "too-many",
                    RULES + "few-routes.type",
                    "row-count",
                    RULES + "few-routes.max",
                    "2")
                .toArray(String[]::new));

    assertThat(exitCode).isEqualTo(JobMain.EXIT_RUN_FAILED);
    RunReport report = report("too-many");
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .startsWith("Quality check failed, no output published:")
                    .contains(
                        "output.route_daily_delays rule 'few-routes' (row-count, fail) FAILED:"
                            + " measured 5")
                    .contains("threshold rows <= 2"));
    assertThat(statuses(report)).containsEntry("route_daily_delays/few-routes", "FAILED");
    assertThat(checksums(table())).isEqualTo(before);
    assertThat(table().resolve("_staging")).doesNotExist();
  }

  @Test
  void quarantinedRowsAreLeftOutKeptWithTheirReasonAndReconciled() throws IOException {
    Path spec =
        spec(
            reconciledFlights(
                "delay-modest: {type: range, column: delay, max: 20, severity: quarantine}"));

    RunReport report = run(List.of("--config", spec.toString(), "--run-id", "q1"));

    assertThat(report.error()).isEmpty();
    // Delays 30 and 50 break the rule: read 8 = written 6 + quarantined 2.
    assertThat(report.counts().read()).isEqualTo(8);
    assertThat(report.counts().written()).isEqualTo(6);
    assertThat(report.counts().quarantined()).isEqualTo(2);
    assertThat(statuses(report)).containsEntry("flights/delay-modest", "QUARANTINED");
    assertThat(
            spark
                .read()
                .parquet(directory.resolve("curated/flights").toString())
                .where("delay > 20")
                .count())
        .isZero();
    Path quarantine = directory.resolve("curated/flights/_quarantine/run_id=q1");
    assertThat(report.outputs().quarantine()).hasValue(quarantine.toString());
    List<Row> quarantined =
        spark
            .read()
            .parquet(quarantine.toString())
            .orderBy("raw_record")
            .select("reason", "raw_record")
            .collectAsList();
    assertThat(quarantined)
        .extracting(row -> row.getString(0))
        .containsOnly("failed quality rule 'delay-modest'")
        .hasSize(2);
    assertThat(quarantined.get(0).getString(1)).contains("\"delay\":30");
    assertThat(quarantined.get(1).getString(1)).contains("\"delay\":50");
  }

  @Test
  void anOutputWhoseEveryRowBreaksAQuarantineRuleIsQuarantinedWholeAndReconciled()
      throws IOException {
    Path spec =
        spec(
            reconciledFlights(
                "delay-impossible: {type: range, column: delay, max: -100, severity: quarantine}",
                // Over the default limit of 50%: published only because the limit allows all.
                "quarantine.max-ratio: 100%"));

    RunReport report = run(List.of("--config", spec.toString(), "--run-id", "all"));

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.counts()).isEqualTo(new RunCounts(8, 0, 8, 0));
    assertThat(report.partitionsWritten()).isEmpty();
    assertThat(statuses(report)).containsEntry("flights/delay-impossible", "QUARANTINED");
    List<Row> quarantined =
        spark
            .read()
            .parquet(directory.resolve("curated/flights/_quarantine/run_id=all").toString())
            .selectExpr("reason", "get_json_object(raw_record, '$.delay')")
            .collectAsList();
    assertThat(quarantined)
        .extracting(row -> row.getString(0))
        .containsOnly("failed quality rule 'delay-impossible'");
    assertThat(quarantined)
        .extracting(row -> row.getString(1))
        .containsExactlyInAnyOrder("10", "30", "-5", "20", "50", "0", "15", "14");
    assertThat(files(directory.resolve("curated/flights")))
        .allSatisfy(file -> assertThat(file).startsWith("_q"));
  }

  @Test
  void anOutputQuarantiningMoreThanTheMaxRatioFailsTheRunAndPublishesNoOutput() throws IOException {
    // A first run publishes the 6 flights with a delay of at most 20, and the 3 late ones.
    Path first = spec(flightsAndLate(20));
    assertThat(run(List.of("--config", first.toString(), "--run-id", "first")).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    List<String> published =
        List.of(
            "2001-01-01 06:00:00|10",
            "2001-01-01 08:00:00|-5",
            "2001-01-01 09:00:00|20",
            "2001-01-01 11:00:00|0",
            "2001-01-02 06:00:00|15",
            "2001-01-02 07:00:00|14");
    assertThat(flights()).isEqualTo(published);
    Map<String, String> late = checksums(directory.resolve("curated/late"));

    // Delays 14, 15, 20, 30 and 50 break the rule: 5 of the 8 rows, over the default 50%.
    Path second = spec(flightsAndLate(12));
    RunReport report = run(List.of("--config", second.toString(), "--run-id", "refused"));

    Path quarantine = directory.resolve("curated/flights/_quarantine/_unpublished/run_id=refused");
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValue(
            "output.flights: quarantined 5 of 8 rows (62.5%), more than quarantine.max-ratio 50%:"
                + " nothing published; every quarantined row is in "
                + quarantine
                + " with its reason. Fix the input, or raise quarantine.max-ratio (off turns the"
                + " check off) to publish the rest");
    // read 8 = written (staged) 3 + quarantined 5; the late output staged its 3 rows.
    assertThat(report.counts()).isEqualTo(new RunCounts(8, 6, 5, 0));
    assertThat(statuses(report)).containsEntry("flights/delay-small", "QUARANTINED");
    assertThat(report.outputs().quarantine()).hasValue(quarantine.toString());
    assertThat(
            spark
                .read()
                .parquet(quarantine.toString())
                .selectExpr(
                    "reason", "CAST(get_json_object(raw_record, '$.delay') AS INT) AS delay")
                .orderBy("delay")
                .collectAsList())
        .extracting(row -> row.getString(0) + "|" + row.getInt(1))
        .containsExactly(
            "failed quality rule 'delay-small'|14",
            "failed quality rule 'delay-small'|15",
            "failed quality rule 'delay-small'|20",
            "failed quality rule 'delay-small'|30",
            "failed quality rule 'delay-small'|50");
    // Neither output changed: not the one over the limit, not the other one.
    assertThat(flights()).isEqualTo(published);
    assertThat(checksums(directory.resolve("curated/late"))).isEqualTo(late);
    assertThat(directory.resolve("curated/flights/_staging")).doesNotExist();
    assertThat(directory.resolve("curated/late/_staging")).doesNotExist();
  }

  /** Output flights with a quarantine rule on delays over {@code maxDelay}, and output late. */
  private String[] flightsAndLate(int maxDelay) {
    return reconciledFlights(
        "delay-small: {type: range, column: delay, max: " + maxDelay + ", severity: quarantine}",
        "output.late:",
        "  path: " + directory.resolve("curated/late"));
  }

  /**
   * Output flights: the input by day in curated/flights, reconciled with it, under the quality rule
   * {@code rule} ({@code name: {type: ...}}); then {@code more} lines.
   */
  private String[] reconciledFlights(String rule, String... more) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "output.flights:",
                "  path: " + directory.resolve("curated/flights"),
                "  partition-by: [year, month, day]",
                "  reconcile-with: flights",
                "  quality.rules." + rule));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }

  /** The published curated flights, "departure time|delay" in time order. */
  private List<String> flights() {
    return spark
        .read()
        .parquet(directory.resolve("curated/flights").toString())
        .orderBy("departure_time")
        .selectExpr("cast(departure_time AS STRING)", "delay")
        .collectAsList()
        .stream()
        .map(row -> row.mkString("|"))
        .toList();
  }

  @Test
  void inputsWithoutRowsAfterTheirFilterMakeAnEmptyRunThatWritesNothing() throws IOException {
    Path spec = spec(reconciledFlights("origin-complete: {type: completeness, column: origin}"));

    RunReport report =
        run(List.of("--config", spec.toString(), "--input.flights.filter", "delay > 1000"));

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(report.counts()).isEqualTo(RunCounts.ZERO);
    assertThat(directory.resolve("curated/flights")).doesNotExist();
  }

  @Test
  void whenOneOutputBreaksAFailRuleNoOutputIsPublished() throws IOException {
    Path spec =
        spec(
            "output.flights:",
            "  path: " + directory.resolve("curated/flights"),
            "  partition-by: [year, month, day]",
            "output.late:",
            "  path: " + directory.resolve("curated/late"),
            "  quality.dqdl: 'Rules = [ RowCount < 2 ]'");

    RunReport report = run(List.of("--config", spec.toString()));

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains(
                        "output.late rule 'RowCount < 2' (row-count, fail) FAILED: measured 3"));
    assertThat(statuses(report)).containsEntry("late/RowCount < 2", "FAILED");
    // Nothing of the output without rules; of the other only the metrics history, which records
    // the run as not published.
    assertThat(files(directory.resolve("curated/flights"))).isEmpty();
    assertThat(files(directory.resolve("curated/late")))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(file).startsWith("_quality/"));
  }

  @Test
  void aRunFailingForAnotherReasonLeavesNoStagedOutput() throws IOException {
    Path spec =
        spec(
            "output.late:",
            "  path: " + directory.resolve("curated/late"),
            "  reconcile-with: flights",
            "  quality.rules.some-rows: {type: row-count, min: 1}");

    RunReport report = run(List.of("--config", spec.toString()));

    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains("Cannot reconcile output.late with input flights")
                    .contains("read 8 rows but wrote 3"));
    assertThat(files(directory.resolve("curated/late")))
        .allSatisfy(file -> assertThat(file).startsWith("_quality/"));
  }

  @Test
  void rulesAreCheckedWithTheConfigurationNamingTheirKeys() {
    assertThatThrownBy(() -> CuratedExample.job(example(RULES + "bad.type", "completeness")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "output.route_daily_delays.quality.rules.bad.column: missing required attribute (The"
                + " column the rule checks)");
    List<String> unknownDataset = example(RULES + "origin-known.reference.dataset", "airport");
    assertThatThrownBy(() -> CuratedExample.job(unknownDataset))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "quality rule 'origin-known' of output.route_daily_delays: reference dataset 'airport'"
                + " is neither an input nor a transform step; known: [airports, flights,"
                + " route_daily_delays, route_day_stats]");
    assertThat(RefinedToCuratedJob.execute(unknownDataset.toArray(String[]::new)))
        .isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
  }

  /**
   * A job over the flights with a transform step {@code late} (delay of 20 or more) and outputs.
   */
  private Path spec(String... outputs) throws IOException {
    Path spec = directory.resolve("conf/job.yaml");
    Files.createDirectories(spec.getParent());
    List<String> lines =
        new ArrayList<>(
            List.of(
                "job.name: quality-test",
                "runtime: local",
                "report.path: " + directory.resolve("curated/_reports"),
                "spark.conf.spark.sql.shuffle.partitions: 2",
                "input.flights.path: " + directory.resolve("refined/flights"),
                "transforms: [late]",
                "transform.late:",
                "  class: " + SampleTransforms.class.getName() + "$AtLeast",
                "  input: flights",
                "  options: {column: delay, minimum: 20}"));
    lines.addAll(List.of(outputs));
    Files.write(spec, lines, StandardCharsets.UTF_8);
    return spec;
  }

  private Path table() {
    return directory.resolve("curated/route_daily_delays");
  }

  private RunReport report(String runId) throws IOException {
    Path file = directory.resolve("curated/_reports/flights-refined-to-curated/" + runId + ".json");
    return RunReportJson.fromJson(Files.readString(file), file.toString());
  }

  /** Every file under {@code root} except the metrics history, relative path to SHA-256. */
  private static Map<String, String> checksums(Path root) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    for (String file : files(root)) {
      if (!file.startsWith("_quality/")) {
        sums.put(file, sha256(Files.readAllBytes(root.resolve(file))));
      }
    }
    assertThat(sums).isNotEmpty();
    return sums;
  }

  private static List<String> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .map(path -> root.relativize(path).toString())
          .sorted()
          .toList();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
