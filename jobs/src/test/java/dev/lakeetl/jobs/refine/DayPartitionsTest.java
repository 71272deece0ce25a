package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.job.JobMain;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental run (a run date, bookmarks) writing partitions coarser than a day would replace
 * whole months with its days' rows: the job refuses it before it starts (exit code 2).
 */
class DayPartitionsTest {
  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aRunDateIntoMonthPartitionsIsRefusedAndTheMonthKeepsEveryDay() throws IOException {
    raw("01", "06:00", "07:00");
    raw("02", "08:00");
    assertThat(run()).isEqualTo(JobMain.EXIT_SUCCEEDED);
    assertThat(departures())
        .containsExactly("2001-01-01 06:00", "2001-01-01 07:00", "2001-01-02 08:00");

    // A redelivery of the 2nd, run by date: it would replace month=01 with the 2nd's rows only.
    raw("02", "08:00", "09:00");
    int runDate = run("--run-date", "2001-01-02");
    assertThat(departures())
        .containsExactly("2001-01-01 06:00", "2001-01-01 07:00", "2001-01-02 08:00");
    int bookmark = run("--incremental.mode", "bookmark");
    assertThat(departures())
        .containsExactly("2001-01-01 06:00", "2001-01-01 07:00", "2001-01-02 08:00");

    assertThat(runDate).isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
    assertThat(bookmark).isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
  }

  private int run(String... extra) throws IOException {
    List<String> lines =
        new ArrayList<>(RefineRun.datedJsonSource(directory, "date TIMESTAMP, origin STRING"));
    lines.addAll(
        List.of(
            "transform:",
            "  rename: {date: departure_time}",
            "  event-time: departure_time",
            "target:",
            "  path: " + directory.resolve("refined/flights"),
            "  partition-by: [year, month]",
            "quarantine.path: " + directory.resolve("quarantine/flights")));
    Path spec = RefineRun.writeConfig(directory, lines);
    String[] arguments = new String[extra.length + 2];
    arguments[0] = "--config";
    arguments[1] = spec.toString();
    System.arraycopy(extra, 0, arguments, 2, extra.length);
    return RawToRefinedJob.execute(arguments);
  }

  private void raw(String day, String... times) throws IOException {
    Path file = directory.resolve("raw/flights/2001/01/" + day + "/flights.json");
    Files.createDirectories(file.getParent());
    StringBuilder lines = new StringBuilder();
    for (String time : times) {
      lines.append("{\"date\":\"2001/01/").append(day).append(' ').append(time);
      lines.append("\",\"origin\":\"LAX\"}\n");
    }
    Files.writeString(file, lines, StandardCharsets.UTF_8);
  }

  /** What Spark reading the table by path sees. */
  private List<String> departures() {
    return SharedSpark.session()
        .read()
        .parquet(directory.resolve("refined/flights").toString())
        .selectExpr("date_format(departure_time, 'yyyy-MM-dd HH:mm') AS departure")
        .orderBy("departure")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }
}
