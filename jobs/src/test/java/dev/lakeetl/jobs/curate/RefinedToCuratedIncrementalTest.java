package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.report.DatasetCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped flights example run by day (--run-date) and by bookmark over refined flights of three
 * days: daily runs and re-runs give exactly what one full run gives.
 */
class RefinedToCuratedIncrementalTest {

  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();

  @BeforeEach
  void refinedFlightsAndAirports() throws IOException {
    writeFlights(
        "(TIMESTAMP'2001-01-01 06:00:00', 10, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-01 07:00:00', 30, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-01 10:00:00', 50, 500, 'BBB', 'AAA'),"
            // Late in the evening: still the 1st, the day of its partition.
            + " (TIMESTAMP'2001-01-01 23:30:00', 5, 900, 'AAA', 'CCC'),"
            + " (TIMESTAMP'2001-01-02 06:00:00', 15, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-02 07:00:00', 14, 500, 'BBB', 'AAA'),"
            + " (TIMESTAMP'2001-01-02 08:00:00', -3, 500, 'BBB', 'AAA'),"
            + " (TIMESTAMP'2001-01-03 06:00:00', 40, 900, 'CCC', 'AAA'),"
            + " (TIMESTAMP'2001-01-03 07:00:00', 0, 500, 'AAA', 'BBB')");
    CuratedExample.writeAirports(directory);
  }

  /** Appends refined flights partitioned by the day of their departure, as raw-to-refined does. */
  private void writeFlights(String values) {
    CuratedExample.writeRefinedFlights(directory, values);
  }

  private List<String> arguments(String curated, String... more) {
    return CuratedExample.arguments(directory, curated, more);
  }

  private static RefinedToCuratedJob job(List<String> arguments) {
    return CuratedExample.job(arguments);
  }

  private static RunReport run(List<String> arguments) {
    RunReport report = job(arguments).run(Clock.systemUTC());
    assertThat(report.error()).isEmpty();
    return report;
  }

  /** Every curated row, one text line each, in a stable order. */
  private List<String> curatedRows(String curated) {
    return spark
        .read()
        .parquet(directory.resolve(curated + "/route_daily_delays").toString())
        .selectExpr(
            "concat_ws(' | ', flight_date, origin, origin_name, destination, destination_name,"
                + " distance, flights, delayed_flights, round(mean_delay, 6), round(p90_delay, 6),"
                + " max_delay, delay_rank)")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .sorted()
        .toList();
  }

  private static long rowsRead(RunReport report, String input) {
    return report.datasets().stream()
        .filter(dataset -> dataset.role() == DatasetCounts.Role.INPUT)
        .filter(dataset -> dataset.name().equals(input))
        .mapToLong(DatasetCounts::rows)
        .sum();
  }

  @Test
  void dailyRunsAndAReRunOfTheMiddleDayGiveWhatOneFullRunGives() {
    run(arguments("full"));
    List<String> full = curatedRows("full");
    assertThat(full).hasSize(7);

    for (String day : List.of("2001-01-01", "2001-01-02", "2001-01-03", "2001-01-02")) {
      RunReport report = run(arguments("daily", "--run-date", day));
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.partitionsWritten()).containsExactly("flight_date=" + day);
      // The airports are a dimension: read whole every time.
      assertThat(rowsRead(report, "airports")).isEqualTo(3);
    }
    assertThat(curatedRows("daily")).containsExactlyElementsOf(full);

    // A range replaces its days too; the day of no flights selects nothing.
    RunReport range = run(arguments("daily", "--run-date", "2001-01-02..2001-01-03"));
    assertThat(rowsRead(range, "flights")).isEqualTo(5);
    assertThat(range.inputs().files())
        .allSatisfy(file -> assertThat(file.path()).containsAnyOf("airports", "day=02", "day=03"));
    assertThat(curatedRows("daily")).containsExactlyElementsOf(full);
    assertThat(run(arguments("daily", "--run-date", "2001-01-09")).status())
        .isEqualTo(RunStatus.EMPTY);
    assertThat(curatedRows("daily")).containsExactlyElementsOf(full);
  }

  @Test
  void bookmarkRunsReadOnlyNewPartitionsAndAFailedRunLeavesTheBookmarkAlone() throws IOException {
    String bookmark = directory.resolve("bookmark").toString();
    List<String> bookmarkMode = List.of("--job-bookmark-option", "job-bookmark-enable");
    List<String> first = new ArrayList<>(arguments("bookmarked", "--run-id", "first"));
    first.addAll(List.of("--incremental.bookmark.path", bookmark));
    first.addAll(bookmarkMode);
    RunReport all = run(first);
    assertThat(all.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rowsRead(all, "flights")).isEqualTo(9);

    List<String> again = new ArrayList<>(arguments("bookmarked", "--run-id", "again"));
    again.addAll(List.of("--incremental.bookmark.path", bookmark));
    again.addAll(bookmarkMode);
    assertThat(run(again).status()).isEqualTo(RunStatus.EMPTY);

    writeFlights(
        "(TIMESTAMP'2001-01-04 06:00:00', 20, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-04 09:00:00', 25, 500, 'AAA', 'BBB')");
    Map<String, String> before = files(Path.of(bookmark));
    assertThat(before).isNotEmpty();

    // Fails after reading: the staging path is below a file, so the write cannot create its
    // folders.
    Path blocked = directory.resolve("blocked");
    Files.writeString(blocked, "not a folder");
    List<String> failing = new ArrayList<>(arguments("bookmarked", "--run-id", "failing"));
    failing.addAll(
        List.of(
            "--incremental.bookmark.path",
            bookmark,
            "--output.route_daily_delays.quality.staging-path",
            blocked.resolve("staging").toString()));
    failing.addAll(bookmarkMode);
    RunReport failed = job(failing).run(Clock.systemUTC());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(rowsRead(failed, "flights")).isEqualTo(2);
    assertThat(files(Path.of(bookmark))).isEqualTo(before);

    List<String> retry = new ArrayList<>(arguments("bookmarked", "--run-id", "retry"));
    retry.addAll(List.of("--incremental.bookmark.path", bookmark));
    retry.addAll(bookmarkMode);
    RunReport fourth = run(retry);
    assertThat(fourth.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rowsRead(fourth, "flights")).isEqualTo(2);
    assertThat(fourth.partitionsWritten()).containsExactly("flight_date=2001-01-04");
    assertThat(curatedRows("bookmarked"))
        .hasSize(8)
        .contains(
            "2001-01-04 | AAA | Alpha Field | BBB | Bravo | 500 | 2 | 2 | 22.5 | 24.5 | 25 | 1");
  }

  @Test
  void incrementalRunsNeedAnIncrementalInputAndDayPartitionedOverwrittenOutputs() {
    assertThatThrownBy(
            () ->
                job(
                    arguments(
                        "c", "--run-date", "2001-01-02", "--input.flights.incremental", "false")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no input is incremental")
        .hasMessageContaining("input.<name>.incremental")
        .hasMessageContaining("incremental.mode=full");
    assertThatThrownBy(
            () ->
                job(
                    arguments(
                        "c",
                        "--incremental.mode",
                        "bookmark",
                        "--output.route_daily_delays.write-mode",
                        "append")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "output.route_daily_delays.write-mode=overwrite-partitions (now append)");
    assertThatThrownBy(
            () ->
                job(
                    arguments(
                        "c",
                        "--run-date",
                        "2001-01-02",
                        "--output.route_daily_delays.partition-by",
                        "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("output.route_daily_delays.partition-by, now []");
    assertThatThrownBy(() -> job(arguments("c", "--input.airports.incremental", "true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("input.airports.incremental")
        .hasMessageContaining("csv");
    assertThatThrownBy(() -> job(arguments("c", "--input.flights.incremental", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "input.flights.incremental (from argument --input.flights.incremental): 'yes' is not"
                + " a boolean (true or false)");
    assertThatThrownBy(() -> job(arguments("c", "--run-date", "2001-02-30")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--run-date");
    // Full mode (the default) needs none of it.
    assertThat(job(arguments("c", "--input.flights.incremental", "false")).config().incremental())
        .satisfies(incremental -> assertThat(incremental.describe()).isEqualTo("full"));
  }

  /** Each file below {@code folder} with its content. */
  /**
   * Flights per day into month partitions: a run date would replace all of January with its day's
   * row. Refused before the job starts (exit code 2); January keeps every day.
   */
  @Test
  void aRunDateIntoMonthPartitionsIsRefusedAndTheMonthKeepsEveryDay() throws IOException {
    Path config = directory.resolve("conf/daily-flights.yaml");
    Files.createDirectories(config.getParent());
    Files.write(
        config,
        List.of(
            "job.name: daily-flights",
            "runtime: local",
            "input.flights: {path: "
                + directory.resolve("refined/flights")
                + ", format: parquet,"
                + " incremental: true}",
            "transforms: [daily]",
            "transform.daily.sql: daily.sql",
            "output.daily: {path: "
                + directory.resolve("curated/daily")
                + ","
                + " partition-by: [year, month]}",
            "report.path: " + directory.resolve("curated/_reports")),
        StandardCharsets.UTF_8);
    Files.writeString(
        config.resolveSibling("daily.sql"),
        "SELECT year, month, day, count(*) AS flights FROM flights GROUP BY year, month, day");
    String[] full = {"--config", config.toString()};
    assertThat(RefinedToCuratedJob.execute(full)).isZero();
    List<String> before = dailyRows();
    assertThat(before).containsExactly("2001-01-01: 4", "2001-01-02: 3", "2001-01-03: 2");

    int exitCode =
        RefinedToCuratedJob.execute("--config", config.toString(), "--run-date", "2001-01-02");

    assertThat(dailyRows()).isEqualTo(before);
    assertThat(exitCode).isEqualTo(2);
    assertThatThrownBy(
            () -> job(List.of("--config", config.toString(), "--incremental.mode", "bookmark")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot run bookmark at "
                + directory.resolve("curated/daily/_bookmarks/daily-flights")
                + " with output.daily.write-mode=overwrite-partitions: output.daily.partition-by"
                + " [year, month] is coarser than a day (no day)");
  }

  /** Another live run holds the output's lease: this run fails before reading anything. */
  @Test
  void aRunFailsAtOnceWhileAnotherRunHoldsAnOutputsLease() throws IOException {
    assertThat(run(arguments("c")).status()).isEqualTo(RunStatus.SUCCEEDED);
    Path table = directory.resolve("c/route_daily_delays");
    Map<String, String> before = files(table);
    Files.writeString(
        table.resolve("_lease.json"),
        "{\"owner\":\"other/1\",\"job\":\"flights-refined-to-curated\",\"runId\":\"other\","
            + "\"acquired\":\"2026-01-01T00:00:00Z\",\"expires\":\"2999-01-01T00:00:00Z\"}\n");

    RunReport report =
        job(arguments("c", "--run-date", "2001-01-02", "--lease.wait", "0s"))
            .run(Clock.systemUTC());

    Map<String, String> after = files(table);
    after.remove("_lease.json");
    assertThat(after).isEqualTo(before);
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains("Cannot start: run other of flights-refined-to-curated holds the"));
    assertThat(report.inputs().fileCount()).isZero();
  }

  private List<String> dailyRows() {
    return spark
        .read()
        .parquet(directory.resolve("curated/daily").toString())
        .selectExpr("concat(year, '-', lpad(month, 2, '0'), '-', lpad(day, 2, '0'), ': ', flights)")
        .orderBy("day")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private static Map<String, String> files(Path folder) {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        contents.put(
            folder.relativize(path).toString(),
            new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return contents;
  }
}
