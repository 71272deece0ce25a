package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refined-to-curated jar in bookmark mode through bin/etl-submit: a run killed (SIGKILL) while
 * writing (to the quality rules' staging folder) leaves the bookmark alone, the next run reads
 * every partition again and replaces what the killed one wrote.
 */
class CuratedIncrementalEndToEndTest {
  private static final String JOB = "flights-refined-to-curated";
  private static final int DAYS = 10;
  // Real airport codes: the shipped config checks that every origin is in the airports input.
  private static final String ORIGINS =
      "'ATL', 'ORD', 'DFW', 'LAX', 'DEN', 'PHX', 'IAH', 'LAS', 'DTW', 'SFO',"
          + " 'MSP', 'EWR', 'STL', 'CLT', 'BOS', 'SEA', 'MCO', 'PHL', 'LGA', 'CVG'";
  private static final String DESTINATIONS =
      "'BWI', 'SLC', 'IAD', 'MIA', 'TPA', 'SAN', 'PIT', 'MCI', 'MDW', 'BNA'";

  @TempDir Path work;

  /**
   * Refined flights as raw-to-refined partitions them (year/month/day of the departure): 4,000
   * flights, two on each of 20 x 10 routes on each of 10 days.
   */
  private Path refinedFlights() {
    Path refined = work.resolve("refined");
    SharedSpark.session()
        .sql(
            "SELECT make_timestamp(2001, 1, CAST((id % 2000) DIV 200 + 1 AS INT), 8, 0, 0)"
                + " AS departure_time, CAST(id % 37 - 5 AS INT) AS delay, 500 AS distance,"
                + " element_at(array("
                + ORIGINS
                + "), CAST(id % 20 + 1 AS INT)) AS origin,"
                + " element_at(array("
                + DESTINATIONS
                + "), CAST((id % 200) DIV 20 + 1 AS INT)) AS destination"
                + " FROM range(4000)")
        .selectExpr(
            "*",
            "date_format(departure_time, 'yyyy') AS year",
            "date_format(departure_time, 'MM') AS month",
            "date_format(departure_time, 'dd') AS day")
        .write()
        .partitionBy("year", "month", "day")
        .parquet(refined.resolve("flights").toString());
    return refined;
  }

  private List<String> arguments(Path refined, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "refined-to-curated",
                "--config",
                "conf/flights-refined-to-curated.yaml",
                "--env",
                "local",
                "--vars.refined-root",
                refined.toString(),
                "--vars.curated-root",
                work.resolve("curated").toString(),
                "--incremental.mode",
                "bookmark",
                // Keep the repository's local metastore out of it (CatalogEndToEndTest covers it).
                "--catalog.enabled",
                "false"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  @Test
  void aKilledBookmarkRunLeavesTheBookmarkAndTheRetryReplacesWhatItWrote() throws Exception {
    Repository.requireRefinedToCuratedJar();
    Path refined = refinedFlights();
    Path target = work.resolve("curated/route_daily_delays");
    Path bookmarks = target.resolve("_bookmarks/" + JOB);

    // One file per row makes the write long enough to be caught in the middle of it.
    EtlSubmit.Started killed =
        EtlSubmit.start(
            Repository.etlSubmit(),
            "curated-bookmark-killed",
            Map.of(),
            arguments(refined, "--output.route_daily_delays.max-records-per-file", "1"));
    killed.killWhileWriting(() -> hasWriteMarker(target));
    assertThat(versionFiles(bookmarks)).as("bookmark after the killed run").isEmpty();
    // Its lease stays until it expires (three minutes without renewal): let that time pass.
    Leases.expire(target);

    EtlSubmit.Result retry = EtlSubmit.run("curated-bookmark-retry", Map.of(), arguments(refined));
    assertThat(retry.exitCode()).as(retry.describe()).isZero();
    assertThat(versionFiles(bookmarks)).containsExactly("v1.json");
    JsonNode report = newestReport();
    assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(RunReports.partitionsWritten(report)).hasSize(DAYS);

    // Every route and day exactly once, with all its flights: nothing doubled, nothing missing.
    List<String> expected =
        rows(
            SharedSpark.session()
                .read()
                .parquet(refined.resolve("flights").toString())
                .groupBy("year", "month", "day", "origin", "destination")
                .count()
                .selectExpr(
                    "concat_ws('|', make_date(year, month, day), origin, destination, count)"));
    List<String> actual =
        rows(
            SharedSpark.session()
                .read()
                .parquet(target.toString())
                .selectExpr("concat_ws('|', flight_date, origin, destination, flights)"));
    assertThat(actual).hasSize(DAYS * 20 * 10).isEqualTo(expected);

    // Nothing new: the next run reads nothing and commits nothing.
    EtlSubmit.Result again = EtlSubmit.run("curated-bookmark-again", Map.of(), arguments(refined));
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(newestReport().path("status").asText()).isEqualTo("EMPTY");
    assertThat(versionFiles(bookmarks)).containsExactly("v1.json");
  }

  private static List<String> rows(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    return rows.collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
  }

  private JsonNode newestReport() {
    List<Path> reports = RunReports.list(work.resolve("curated/_reports/" + JOB));
    return RunReports.read(reports.get(reports.size() - 1));
  }

  private static List<String> versionFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /** Whether Spark is writing into the folder (dynamic overwrite stages under it). */
  /** Spark's in-progress markers in the table or in the run's staging folder below it. */
  private static boolean hasWriteMarker(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.walk(folder, 3)) {
      return entries
          .map(entry -> entry.getFileName().toString())
          .anyMatch(name -> name.startsWith(".spark-staging") || name.equals("_temporary"));
    } catch (IOException | UncheckedIOException e) {
      // The folder changes while Spark writes; look again.
      return false;
    }
  }
}
