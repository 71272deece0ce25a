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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run-date and bookmark runs of the raw-to-refined jar through bin/etl-submit with the shipped
 * configuration, whose source.path has day folders ({@code ${raw-root}/flights/{yyyy}/{MM}/{dd}}):
 * run dates on the sample's own day folders, bookmarks on a copy of its January days, which the
 * test adds a file to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalEndToEndTest {
  private static final String JOB = "flights-raw-to-refined";

  @TempDir static Path work;

  /** Raw lines per day of January, from the sample's day folders. */
  private Map<String, List<String>> january;

  @BeforeAll
  void readJanuaryDays() {
    Repository.requireRawToRefinedJar();
    january = new TreeMap<>();
    for (Path file : SampleFlights.files(Repository.sampleFlights().resolve("2001/01"))) {
      // 2001/01/DD/flights.json: the day is the folder, as a producer files it.
      january.put(file.getParent().getFileName().toString(), SampleFlights.lines(file));
    }
    assertThat(january).hasSize(31);
    assertThat(january.values().stream().mapToInt(List::size).sum()).isEqualTo(3454);
  }

  /**
   * A raw root holding a copy of the sample's January day folders ({@code
   * <root>/flights/2001/01/DD/flights.json}), for a test that adds files to it.
   */
  private Path copyOfJanuary(String name) {
    Path sample = Repository.sampleFlights();
    Path root = work.resolve(name + "/raw");
    for (Path file : SampleFlights.files(sample.resolve("2001/01"))) {
      Path copy = root.resolve("flights").resolve(SampleFlights.relative(sample, file));
      try {
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy " + file + " to " + copy, e);
      }
    }
    return root;
  }

  /** Runs the shipped configuration on the sample, writing below {@code out}. */
  private EtlSubmit.Result run(String log, Path out, String... more) {
    return EtlSubmit.run(log, Map.of(), EtlSubmit.sampleRawToRefined(out, more));
  }

  /** Arguments that make a run read the raw root {@code raw} instead of the sample's, then more. */
  private static String[] reading(Path raw, String... more) {
    List<String> arguments = new ArrayList<>(List.of("--vars.raw-root", raw.toString()));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
  }

  /** Every refined row as text, sorted: equal lists mean equal tables. */
  private static List<String> rows(Path out) {
    return rows(out, "true");
  }

  /** The refined rows that pass a filter, as text, sorted. */
  private static List<String> rows(Path out, String filter) {
    return SharedSpark.session()
        .read()
        .parquet(out.resolve("refined/flights").toString())
        .where(filter)
        .selectExpr(
            "concat_ws('|', year, month, day, departure_time, delay, distance, origin,"
                + " destination)")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .sorted()
        .toList();
  }

  private static JsonNode newestReport(Path out) {
    List<Path> reports = RunReports.list(out.resolve("refined/flights/_reports"));
    return RunReports.read(reports.get(reports.size() - 1));
  }

  private static Path bookmarks(Path out) {
    return out.resolve("refined/flights/_bookmarks/" + JOB);
  }

  private static List<String> versionFiles(Path out) {
    Path folder = bookmarks(out);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /** The files of a partition folder with their modification times: changes if it is rewritten. */
  private static Map<String, Long> files(Path partition) {
    try (Stream<Path> files = Files.list(partition)) {
      Map<String, Long> times = new TreeMap<>();
      for (Path file : files.toList()) {
        times.put(file.getFileName().toString(), Files.getLastModifiedTime(file).toMillis());
      }
      return times;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + partition, e);
    }
  }

  @Test
  void threeDailyRunsAndARerunOfTheMiddleDayEqualOneFullRun() {
    Path full = work.resolve("daily/full");
    Path daily = work.resolve("daily/by-day");

    EtlSubmit.Result fullRun = run("incremental-full", full);
    assertThat(fullRun.exitCode()).as(fullRun.describe()).isZero();

    for (String day : List.of("01", "02", "03")) {
      EtlSubmit.Result dayRun =
          run("incremental-day-" + day, daily, "--run-date", "2001-01-" + day);
      assertThat(dayRun.exitCode()).as(dayRun.describe()).isZero();
      // Exactly that day's folder was read and exactly its partition written.
      JsonNode report = newestReport(daily);
      assertThat(RunReports.inputFiles(report))
          .extracting(SampleFlights::belowRawFlights)
          .containsExactly("2001/01/" + day + "/flights.json");
      assertThat(RunReports.count(report, "read")).isEqualTo(january.get(day).size());
      assertThat(RunReports.partitionsWritten(report))
          .containsExactly("year=2001/month=01/day=" + day);
    }
    Path first = daily.resolve("refined/flights/year=2001/month=01/day=01");
    Path middle = daily.resolve("refined/flights/year=2001/month=01/day=02");
    Map<String, Long> firstBefore = files(first);
    Map<String, Long> middleBefore = files(middle);

    EtlSubmit.Result rerun = run("incremental-day-02-again", daily, "--run-date=2001-01-02");
    assertThat(rerun.exitCode()).as(rerun.describe()).isZero();

    // The re-run replaced the middle day's files and left the others alone.
    assertThat(files(first)).isEqualTo(firstBefore);
    assertThat(files(middle)).isNotEqualTo(middleBefore);
    // The full run read every day of the sample; the daily runs wrote the first three.
    List<String> expected = rows(full, "year = 2001 AND month = 1 AND day <= 3");
    assertThat(expected)
        .hasSize(january.get("01").size() + january.get("02").size() + january.get("03").size());
    assertThat(rows(daily)).isEqualTo(expected);
  }

  @Test
  void aRunDateReadsItsDayFolderWithTheRedeliveredFile() {
    Path out = work.resolve("march-first");
    SampleFlights day = SampleFlights.of(Repository.sampleFlights().resolve("2001/03/01"));

    EtlSubmit.Result result = run("incremental-day-2001-03-01", out, "--run-date", "2001-03-01");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.log()).contains("Incremental mode run-date 2001-03-01: reading 2 files");
    JsonNode report = newestReport(out);
    assertThat(RunReports.inputFiles(report))
        .extracting(SampleFlights::belowRawFlights)
        .containsExactly("2001/03/01/flights-redelivered.json", "2001/03/01/flights.json.bz2");
    assertThat(RunReports.count(report, "read")).isEqualTo(day.read()).isEqualTo(132);
    assertThat(RunReports.count(report, "written")).isEqualTo(day.written()).isEqualTo(102);
    assertThat(RunReports.count(report, "duplicatesRemoved")).isEqualTo(30);
    assertThat(RunReports.count(report, "quarantined")).isZero();
    assertThat(RunReports.partitionsWritten(report)).containsExactly("year=2001/month=03/day=01");
  }

  @Test
  void aKilledBookmarkRunIsRetriedInFullAndASuccessfulOneNeverRepeats() throws Exception {
    Path raw = copyOfJanuary("bookmark");
    Path out = work.resolve("bookmark/out");
    Path target = out.resolve("refined/flights");

    // One file per row makes the write long enough to be caught in the middle of it.
    EtlSubmit.Started killed =
        EtlSubmit.start(
            Repository.etlSubmit(),
            "incremental-bookmark-killed",
            Map.of(),
            EtlSubmit.sampleRawToRefined(
                out,
                reading(
                    raw, "--incremental.mode", "bookmark", "--target.max-records-per-file", "1")));
    killed.killWhileWriting(() -> isWriting(target));
    assertThat(versionFiles(out)).as("bookmark after the killed run").isEmpty();
    // Its lease stays until it expires (three minutes without renewal): let that time pass.
    Leases.expire(target);

    EtlSubmit.Result retry =
        run("incremental-bookmark-retry", out, reading(raw, "--incremental.mode", "bookmark"));
    assertThat(retry.exitCode()).as(retry.describe()).isZero();
    assertThat(RunReports.count(newestReport(out), "read")).isEqualTo(3454);
    assertThat(versionFiles(out)).containsExactly("v1.json");
    // Every day once: no duplicate of what the killed run wrote, no missing partition.
    List<Row> perDay =
        SharedSpark.session()
            .read()
            .parquet(target.toString())
            .groupBy("day")
            .agg(
                org.apache.spark.sql.functions.count("*"),
                org.apache.spark.sql.functions.countDistinct(
                    "departure_time", "origin", "destination", "delay", "distance"))
            .collectAsList();
    Map<String, List<Long>> counts = new TreeMap<>();
    perDay.forEach(
        row ->
            counts.put(
                String.format("%02d", ((Number) row.get(0)).intValue()),
                List.of(row.getLong(1), row.getLong(2))));
    Map<String, List<Long>> expected = new TreeMap<>();
    january.forEach(
        (day, lines) -> expected.put(day, List.of((long) lines.size(), (long) lines.size())));
    assertThat(counts).isEqualTo(expected);

    // Nothing new: the next run reads nothing and commits nothing.
    EtlSubmit.Result again =
        run("incremental-bookmark-again", out, reading(raw, "--incremental.mode", "bookmark"));
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(newestReport(out).path("status").asText()).isEqualTo("EMPTY");
    assertThat(versionFiles(out)).containsExactly("v1.json");

    // A new day with an unreadable file: the run fails and the bookmark stays as it was.
    String committed = Files.readString(bookmarks(out).resolve("v1.json"));
    Path broken = raw.resolve("flights/2001/02/01/flights.json.gz");
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "not gzip");
    EtlSubmit.Result failed =
        run(
            "incremental-bookmark-failed",
            out,
            reading(raw, "--job-bookmark-option", "job-bookmark-enable"));
    assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(1);
    assertThat(newestReport(out).path("status").asText()).isEqualTo("FAILED");
    assertThat(versionFiles(out)).containsExactly("v1.json");
    assertThat(Files.readString(bookmarks(out).resolve("v1.json"))).isEqualTo(committed);

    // Reset through the launcher: a new, empty version; the history stays.
    EtlSubmit.Result reset =
        EtlSubmit.start(
                Repository.etlBookmarks(),
                "incremental-bookmark-reset",
                Map.of(),
                List.of("reset", "--path", bookmarks(out).toString()))
            .await();
    assertThat(reset.exitCode()).as(reset.describe()).isZero();
    assertThat(reset.log()).contains("Reset: version 2 of " + JOB + ": reset by etl-bookmarks");
    assertThat(versionFiles(out)).containsExactly("v1.json", "v2.json");
  }

  /**
   * Whether Spark is writing into the target, or into the run's staging folder under it (the
   * flights config gates publishing with quality rules, so the write goes to {@code _staging}).
   */
  private static boolean isWriting(Path target) {
    Path staging = target.resolve("_staging");
    try {
      if (hasWriteMarker(target)) {
        return true;
      }
      if (!Files.isDirectory(staging)) {
        return false;
      }
      try (Stream<Path> runs = Files.list(staging)) {
        return runs.anyMatch(IncrementalEndToEndTest::hasWriteMarker);
      }
    } catch (IOException | UncheckedIOException e) {
      // The folders change while Spark writes; look again.
      return false;
    }
  }

  private static boolean hasWriteMarker(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(entry -> entry.getFileName().toString())
          .anyMatch(name -> name.startsWith(".spark-staging") || name.equals("_temporary"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
