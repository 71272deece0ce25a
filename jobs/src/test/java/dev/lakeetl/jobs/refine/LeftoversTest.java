package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.TableRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What killed runs leave behind, and how the next run of the job deals with it. */
class LeftoversTest {
  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  /**
   * A run reusing the run id of an attempt killed after staging another day: the rerun audits and
   * publishes its own rows only (its rule allows one day per run).
   */
  @Test
  void aReusedRunIdStagesNothingOfItsKilledAttempt() throws IOException {
    raw("02", "SFO", "SEA");
    assertThat(run("donor", "--target.path", directory.resolve("donor").toString()).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    // What the killed attempt r staged: day 2, never published.
    copy(
        directory.resolve("donor/year=2001/month=01/day=02"),
        directory.resolve("refined/_staging/r/year=2001/month=01/day=02"));
    Files.delete(directory.resolve("raw/02.json"));
    raw("01", "LAX", "BOS");

    RunReport rerun = run("r");

    assertThat(rerun.error()).isEmpty();
    assertThat(rerun.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(tableRows()).containsExactly("01 BOS", "01 LAX");
    assertThat(directory.resolve("refined/_staging")).doesNotExist();
  }

  /** The {@code .spark-staging-*} folders of killed Spark writes, in the table and quarantine. */
  @Test
  void theNextRunRemovesWhatKilledSparkWritesLeft() throws IOException {
    raw("01", "LAX", "BOS", null);
    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    Path inTable = directory.resolve("refined/.spark-staging-5a1e1c2b-0d3e-4f5a-9b6c-7d8e9f0a1b2c");
    copy(directory.resolve("refined/year=2001"), inTable.resolve("year=2001"));
    Path inQuarantine =
        directory.resolve("quarantine/.spark-staging-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
    copy(directory.resolve("quarantine/run_id=r1"), inQuarantine.resolve("run_id=r0"));

    RunReport next = run("r2");

    assertThat(next.error()).isEmpty();
    assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(inTable).doesNotExist();
    assertThat(inQuarantine).doesNotExist();
    assertThat(tableRows()).containsExactly("01 BOS", "01 LAX");
    assertThat(
            SharedSpark.session()
                .read()
                .parquet(directory.resolve("quarantine").toString())
                .orderBy("run_id")
                .collectAsList()
                .stream()
                .map(row -> row.getAs("run_id") + " " + row.getAs("reason")))
        .containsExactly(
            "r1 missing required field 'origin'", "r2 missing required field 'origin'");
  }

  /** Day and origin of every row of the table, sorted. */
  private List<String> tableRows() {
    return TableRows.sorted(
        directory.resolve("refined"), "concat(lpad(cast(day AS string), 2, '0'), ' ', origin)");
  }

  /** One flight of 2001-01-{@code day} per origin (null: a record without one). */
  private void raw(String day, String... origins) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < origins.length; i++) {
      lines.add(
          "{\"date\":\"2001/01/"
              + day
              + " 0"
              + i
              + ":00\",\"delay\":"
              + i
              + (origins[i] == null ? "" : ",\"origin\":\"" + origins[i] + "\"")
              + ",\"destination\":\"SFO\"}");
    }
    Path file = directory.resolve("raw/" + day + ".json");
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private RunReport run(String runId, String... extra) throws IOException {
    return RefineRun.run(spec(), runId, extra);
  }

  private Path spec() throws IOException {
    List<String> lines =
        new ArrayList<>(
            RefineRun.jsonSource(
                directory.resolve("raw").toString(),
                "date TIMESTAMP, delay INT, origin STRING, destination STRING"));
    lines.addAll(
        RefineRun.dailyTable(directory.resolve("refined"), directory.resolve("quarantine")));
    lines.addAll(
        List.of(
            "transform.required: [origin]",
            "report.path: " + directory.resolve("reports"),
            "quality:",
            "  rules:",
            "    one-day:",
            "      type: sql-metric",
            "      sql: \"SELECT count(DISTINCT day) FROM primary\"",
            "      condition: \"= 1\""));
    return RefineRun.writeConfig(directory, lines);
  }
}
