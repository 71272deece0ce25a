package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.TableRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job without quality rules still writes to a staging folder and publishes from there, so a run
 * that fails while writing leaves the table as it was, even an unpartitioned one it overwrites.
 */
class StagedWithoutRulesTest {
  @TempDir Path directory;

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  /** Reports and quarantine in their default folders inside the table, not next to it. */
  private boolean defaultPaths;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void anUnpartitionedOverwriteThatFailsWhileWritingLeavesTheTableAsItWas() throws IOException {
    files.remember();
    raw("a.json", "06:00", "07:00");
    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(departures()).containsExactly("2001-01-01 06:00", "2001-01-01 07:00");

    // The next run's write fails when Spark commits its first task.
    raw("b.json", "08:00");
    FaultyFileSystem.countOnly(path -> path.toString().contains("/_temporary/"));
    FaultyFileSystem.failRename(1, FaultyFileSystem.Failure.RETURN_FALSE);
    RunReport failed = run("r2", files.jobArguments());
    FaultyFileSystem.reset();

    assertThat(departures()).containsExactly("2001-01-01 06:00", "2001-01-01 07:00");
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(directory.resolve("refined/flights/_staging")).doesNotExist();
  }

  @Test
  void anUnpartitionedOverwriteKeepsTheReportsAndQuarantineInsideTheTable() throws IOException {
    defaultPaths = true;
    raw("a.json", "06:00", "bad");
    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    Path table = directory.resolve("refined/flights");
    assertThat(table.resolve("_reports/r1.json")).exists();
    assertThat(table.resolve("_quarantine/run_id=r1")).exists();

    raw("a.json", "07:00");
    assertThat(run("r2").status()).isEqualTo(RunStatus.SUCCEEDED);

    assertThat(departures()).containsExactly("2001-01-01 07:00");
    assertThat(table.resolve("_reports/r1.json")).exists();
    assertThat(table.resolve("_reports/r2.json")).exists();
    assertThat(
            SharedSpark.session()
                .read()
                .parquet(table.resolve("_quarantine").toString())
                .select("run_id")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("r1");
  }

  private void raw(String name, String... times) throws IOException {
    Path file = directory.resolve("raw/flights").resolve(name);
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>();
    for (String time : times) {
      // "bad" is no time: that record goes to the quarantine.
      lines.add("{\"date\":\"2001/01/01 " + time + "\",\"origin\":\"LAX\"}");
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** What Spark reading the table by path sees. */
  private List<String> departures() {
    return TableRows.sorted(
        directory.resolve("refined/flights"), "date_format(departure_time, 'yyyy-MM-dd HH:mm')");
  }

  private RunReport run(String runId, String... extra) throws IOException {
    List<String> paths =
        defaultPaths
            ? List.of()
            : List.of(
                "quarantine.path: " + directory.resolve("quarantine/flights"),
                "report.path: " + directory.resolve("reports/flights"));
    List<String> lines =
        new ArrayList<>(
            RefineRun.jsonSource(
                directory.resolve("raw/flights").toString(), "date TIMESTAMP, origin STRING"));
    lines.addAll(
        List.of(
            "transform.rename: {date: departure_time}",
            // Unpartitioned, overwritten by every run; no quality rules.
            "target.path: " + directory.resolve("refined/flights")));
    lines.addAll(paths);
    return RefineRun.run(RefineRun.writeConfig(directory, lines), runId, extra);
  }
}
