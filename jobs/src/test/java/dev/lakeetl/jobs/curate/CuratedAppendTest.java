package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped curated example with its output appended: a run killed after its publish is in place
 * (before it could clean up) is retried over the same input, and the table holds each row once.
 */
class CuratedAppendTest {
  @TempDir Path directory;

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aRunKilledAfterItsPublishIsRetriedWithEachRowOnce() throws IOException {
    CuratedExample.writeRefinedFlights(
        directory,
        "(TIMESTAMP'2001-01-01 06:00:00', 10, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-02 07:00:00', 30, 500, 'BBB', 'AAA')");
    CuratedExample.writeAirports(directory);
    // The _published mark is copied, then the file system is gone: the journal stays open.
    FaultyFileSystem.countOnly(path -> path.toString().contains("_published"));
    FaultyFileSystem.outageFromRename(1, FaultyFileSystem.Failure.COPIED_NOT_DELETED);

    RunReport killed = CuratedExample.run(arguments("killed", files.jobArguments()));
    assertThat(killed.status()).isEqualTo(RunStatus.FAILED);
    FaultyFileSystem.reset();
    Path lease = directory.resolve("curated/route_daily_delays/_lease.json");
    if (Files.exists(lease)) {
      Files.writeString(
          lease,
          Files.readString(lease)
              .replaceAll("\"expires\":\"[^\"]+\"", "\"expires\":\"2001-01-01T00:00:00Z\""));
    }
    RunReport retry = CuratedExample.run(arguments("retry"));

    assertThat(retry.error()).isEmpty();
    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows()).containsExactly("2001-01-01 AAA-BBB", "2001-01-02 BBB-AAA");
  }

  private List<String> arguments(String runId, String... more) {
    List<String> arguments =
        new ArrayList<>(
            CuratedExample.arguments(
                directory,
                "curated",
                "--run-id",
                runId,
                "--output.route_daily_delays.write-mode",
                "append",
                // Not what is tested here; the rules' evaluation would only make it slower.
                "--output.route_daily_delays.quality.enabled",
                "false"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  /** What Spark reading the output by path sees: day and route of every row, sorted. */
  private List<String> rows() {
    return TableRows.sorted(
        directory.resolve("curated/route_daily_delays"),
        "concat(flight_date, ' ', origin, '-', destination)");
  }
}
