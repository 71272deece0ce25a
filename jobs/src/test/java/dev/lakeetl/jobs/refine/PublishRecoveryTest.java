package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run killed in the middle of its publish, then the next run of the job: the table ends with
 * exactly the previous rows or exactly the new rows in each partition, never a mix, a gap or both.
 *
 * <p>The kill is an outage injected through {@link FaultyFileSystem} (the job's own {@code
 * spark.hadoop.fs.file.impl}): from the publish's k-th rename on, every rename and delete fails, so
 * the run can neither finish nor undo anything, as if the process had died there.
 */
class PublishRecoveryTest {
  private static final List<String> DAYS = List.of("01", "02", "03");

  @TempDir Path directory;

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  /**
   * Renames the publish makes (local disk): 1 its journal, 2 day 1 aside, 3 staged day 1 in, 4 day
   * 2 aside, 5 staged day 2 in, 6 day 3 aside, 7 staged day 3 in, 8 the {@code _published} mark.
   */
  static Stream<Arguments> kills() {
    return Stream.of(
        // Day 1 half moved in (a folder rename that stopped halfway, as on S3): undone.
        Arguments.of(3, FaultyFileSystem.Failure.HALFWAY, false),
        // Day 2 moved aside, nothing moved in: undone.
        Arguments.of(5, FaultyFileSystem.Failure.RETURN_FALSE, false),
        // Every day in place and marked published, the clean-up never ran: finished.
        Arguments.of(8, FaultyFileSystem.Failure.COPIED_NOT_DELETED, true));
  }

  @ParameterizedTest(name = "killed at publish rename {0} ({1})")
  @MethodSource("kills")
  void theNextRunLeavesEachPartitionExactlyOldOrNew(
      int rename, FaultyFileSystem.Failure how, boolean finished) throws IOException {
    files.remember();
    for (String day : DAYS) {
      raw(day, "v1", 2);
    }
    assertThat(run("r1", "--run-date", "2001-01-01..2001-01-03").status())
        .isEqualTo(RunStatus.SUCCEEDED);
    Map<String, List<String>> v1 = rowsByDay();
    assertThat(v1).containsOnlyKeys(DAYS).allSatisfy((day, rows) -> assertThat(rows).hasSize(2));

    // New deliveries for every day; the run that reads them dies during its publish.
    for (String day : DAYS) {
      raw(day, "v2", 3);
    }
    FaultyFileSystem.countOnly(
        path -> {
          String text = path.toString();
          return text.contains("/refined/flights/")
              && !text.contains("/_temporary")
              && !text.contains("/.spark-staging")
              && !text.contains("/_reports/")
              && !text.contains("/_quality/");
        });
    FaultyFileSystem.outageFromRename(rename, how);
    List<String> killedRun = new ArrayList<>(List.of("--run-date", "2001-01-01..2001-01-03"));
    killedRun.addAll(List.of(files.jobArguments()));
    RunReport killed = run("r2", killedRun.toArray(String[]::new));
    assertThat(killed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(directory.resolve("refined/flights/_staging/r2/_publish.json")).exists();
    FaultyFileSystem.reset();
    // The dead run's lease is still there; three minutes later it has expired.
    Path lease = directory.resolve("refined/flights/_lease.json");
    assertThat(Files.readString(lease)).contains("\"runId\":\"r2\"");
    Files.writeString(
        lease,
        Files.readString(lease)
            .replaceAll("\"expires\":\"[^\"]+\"", "\"expires\":\"2001-01-01T00:00:00Z\""));

    // The next run backfills day 3 only; it first finishes or undoes what r2 left open.
    RunReport next = run("r3", "--run-date", "2001-01-03");

    assertThat(next.error()).isEmpty();
    assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
    Map<String, List<String>> rows = rowsByDay();
    assertThat(rows.get("01")).isEqualTo(finished ? expected("01", "v2", 3) : v1.get("01"));
    assertThat(rows.get("02")).isEqualTo(finished ? expected("02", "v2", 3) : v1.get("02"));
    assertThat(rows.get("03")).isEqualTo(expected("03", "v2", 3));
    assertThat(directory.resolve("refined/flights/_staging")).doesNotExist();
  }

  /** {@code count} flights of 2001-01-{@code day}, with delays that say which delivery they are. */
  private void raw(String day, String version, int count) throws IOException {
    Path file = directory.resolve("raw/flights/2001/01/" + day + "/flights.json");
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(
          "{\"date\":\"2001/01/"
              + day
              + " 0"
              + i
              + ":00\",\"delay\":"
              + delay(version, i)
              + ",\"distance\":500,\"origin\":\"LAX\",\"destination\":\"SFO\"}");
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static int delay(String version, int i) {
    return (version.equals("v1") ? 100 : 200) + i;
  }

  private static List<String> expected(String day, String version, int count) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add("2001-01-" + day + " 0" + i + ":00 delay " + delay(version, i));
    }
    return rows;
  }

  /** What Spark reading the table by path sees, per day: sorted departure and delay. */
  private Map<String, List<String>> rowsByDay() {
    Map<String, List<String>> rows = new TreeMap<>();
    List<Row> all =
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("refined/flights").toString())
            .selectExpr(
                "lpad(cast(day as string), 2, '0') AS day",
                "concat(date_format(departure_time, 'yyyy-MM-dd HH:mm'), ' delay ', delay) AS row")
            .orderBy("day", "row")
            .collectAsList();
    for (Row row : all) {
      rows.computeIfAbsent(row.getString(0), day -> new ArrayList<>()).add(row.getString(1));
    }
    return rows;
  }

  private RunReport run(String runId, String... extra) throws IOException {
    return RefineRun.run(spec(), runId, extra);
  }

  private Path spec() throws IOException {
    List<String> lines =
        new ArrayList<>(
            RefineRun.datedJsonSource(
                directory,
                "date TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING"));
    lines.addAll(
        RefineRun.dailyTable(
            directory.resolve("refined/flights"), directory.resolve("quarantine/flights")));
    lines.addAll(
        List.of(
            "quality:", "  rules:", "    origin-complete: {type: completeness, column: origin}"));
    return RefineRun.writeConfig(directory, lines);
  }
}
