package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunCounts;
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
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails after writing its quarantine, then its retry under a new run id: readers of the
 * quarantine root see each rejected record once, and the failed run's quarantine stays where its
 * error says.
 */
class QuarantineRetryTest {
  private static final List<String> REJECTED =
      List.of(
          "{\"date\":\"01.01.2001 06:55\",\"delay\":1,\"origin\":\"LAX\",\"destination\":\"SFO\"}",
          "{\"date\":\"2001/01/01 07:00\",\"delay\":2,\"destination\":\"SFO\"}",
          "{\"date\":\"2001/01/01 08:00\",\"delay\":3,\"origin\":\"JFK\"}");

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aRetryPublishesTheOnlyVisibleCopyOfTheQuarantine() throws IOException {
    List<String> lines = new ArrayList<>(REJECTED);
    lines.add(
        "{\"date\":\"2001/01/01 09:00\",\"delay\":4,\"origin\":\"BOS\",\"destination\":\"SFO\"}");
    lines.add(
        "{\"date\":\"2001/01/01 10:00\",\"delay\":5,\"origin\":\"SEA\",\"destination\":\"SFO\"}");
    Path raw = directory.resolve("raw/flights.json");
    Files.createDirectories(raw.getParent());
    Files.write(raw, lines, StandardCharsets.UTF_8);

    // 3 of 5 rejected is over the default 50%: the run fails once its quarantine is written.
    RunReport failed = run("attempt-1");

    String unpublished = directory.resolve("quarantine/_unpublished/run_id=attempt-1").toString();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error().orElseThrow())
        .contains("every rejected record is in " + unpublished + " with its reason");
    assertThat(failed.outputs().quarantine()).contains(unpublished);
    assertThat(rows(unpublished)).containsExactlyElementsOf(expected());
    assertThat(visibleRunFolders()).isEmpty();

    RunReport retry = run("attempt-2", "--quarantine.max-ratio", "off");

    assertThat(retry.error()).isEmpty();
    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(retry.counts()).isEqualTo(new RunCounts(5, 2, 3, 0));
    String published = directory.resolve("quarantine/run_id=attempt-2").toString();
    assertThat(retry.outputs().quarantine()).contains(published);
    // What a reader of the quarantine root counts: each rejected record once, from the retry.
    assertThat(rows(directory.resolve("quarantine").toString()))
        .containsExactlyElementsOf(
            expected().stream().map(row -> row.replace("attempt-1", "attempt-2")).toList());
    assertThat(visibleRunFolders()).containsExactly("run_id=attempt-2");
    // The failed attempt's quarantine is kept where its error named it, out of readers' way.
    assertThat(rows(unpublished)).containsExactlyElementsOf(expected());
    assertThat(directory.resolve("quarantine/_unpublished/run_id=attempt-2")).doesNotExist();
    assertThat(TableRows.sorted(directory.resolve("refined"), "origin"))
        .containsExactly("BOS", "SEA");
  }

  /** The rejected records of attempt 1, as {@link #rows} renders them. */
  private static List<String> expected() {
    return List.of(
        REJECTED.get(0)
            + " | column 'date': value '01.01.2001 06:55' is not a valid TIMESTAMP (format"
            + " 'yyyy/MM/dd HH:mm') | attempt-1",
        REJECTED.get(1) + " | missing required field 'origin' | attempt-1",
        REJECTED.get(2) + " | missing required field 'destination' | attempt-1");
  }

  /** Raw record, reason and run id of every row under {@code folder}, in raw record order. */
  private static List<String> rows(String folder) {
    boolean oneRun = folder.contains("run_id=");
    return SharedSpark.session()
        .read()
        .parquet(folder)
        .orderBy("raw_record")
        .collectAsList()
        .stream()
        .map(
            (Row row) ->
                row.getAs("raw_record")
                    + " | "
                    + row.getAs("reason")
                    + " | "
                    + (oneRun
                        ? folder.substring(folder.indexOf("run_id=") + 7)
                        : row.getAs("run_id")))
        .toList();
  }

  /** The run folders a reader of the quarantine root sees. */
  private List<String> visibleRunFolders() throws IOException {
    try (Stream<Path> children = Files.list(directory.resolve("quarantine"))) {
      return children
          .map(child -> child.getFileName().toString())
          .filter(name -> !name.startsWith("_") && !name.startsWith("."))
          .sorted()
          .toList();
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
    lines.add("transform.required: [departure_time, origin, destination]");
    return RefineRun.writeConfig(directory, lines);
  }
}
