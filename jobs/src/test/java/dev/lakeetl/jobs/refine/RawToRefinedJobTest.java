package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.RawDrops;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job in-process, on small files written per test. */
class RawToRefinedJobTest {
  private static final String GOOD_1 =
      "{\"date\":\"2001/01/01 06:55\",\"delay\":-19,\"distance\":1797,\"origin\":\"LAX\",\"destination\":\"BNA\"}";
  private static final String GOOD_2 =
      "{\"date\":\"2001/01/01 07:10\",\"delay\":5,\"distance\":500,\"origin\":\"SFO\",\"destination\":\"JFK\"}";
  private static final String GOOD_3 =
      "{\"date\":\"2001/01/02 23:59\",\"delay\":0,\"distance\":100,\"origin\":\"BNA\",\"destination\":\"LAX\"}";
  private static final String DUPLICATE_OF_1 =
      "{\"date\":\"2001/01/01 06:55\",\"delay\":-20,\"distance\":1797,\"origin\":\"LAX\",\"destination\":\"BNA\"}";
  private static final String MALFORMED = "{\"date\":\"2001/01/03 10:00\",\"delay\":";
  private static final String BAD_TYPE =
      "{\"date\":\"2001/01/03 11:00\",\"delay\":\"abc\",\"distance\":10,\"origin\":\"LAX\",\"destination\":\"SFO\"}";
  private static final String MISSING_ORIGIN =
      "{\"date\":\"2001/01/03 12:00\",\"delay\":1,\"distance\":10,\"destination\":\"SFO\"}";

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    // The job must reuse the one test session, not build its own.
    SharedSpark.session();
  }

  private Path spec() throws IOException {
    return RefineRun.writeConfig(directory, RefineRun.checkedFlights(directory));
  }

  private void rawFile(String name, String... lines) throws IOException {
    RawDrops.write(directory, "flights/" + name, lines);
  }

  private RunReport run(String... extraArguments) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("--config", spec().toString()));
    arguments.addAll(Arrays.asList(extraArguments));
    return new RawToRefinedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of())
        .run(Clock.systemUTC());
  }

  @Test
  void refinesQuarantinesDeduplicatesAndReports() throws IOException {
    rawFile("a.json", GOOD_1, GOOD_2, MALFORMED, BAD_TYPE, MISSING_ORIGIN, GOOD_3);
    rawFile("b.json", DUPLICATE_OF_1);

    RunReport report = run("--run-id", "test-run-1");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.runId()).isEqualTo("test-run-1");
    assertThat(report.counts()).isEqualTo(new RunCounts(7, 3, 3, 1));
    assertThat(report.inputs().fileCount()).isEqualTo(2);
    assertThat(report.partitionsWritten())
        .containsExactlyInAnyOrder("year=2001/month=01/day=01", "year=2001/month=01/day=02");

    Dataset<Row> refined =
        SharedSpark.session().read().parquet(directory.resolve("refined/flights").toString());
    assertThat(refined.schema().apply("departure_time").dataType())
        .isEqualTo(DataTypes.TimestampType);
    assertThat(refined.schema().apply("delay").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(refined.columns())
        .contains("ingest_source_file", "ingest_time", "ingest_run_id")
        .doesNotContain("_raw_record", "_source_file", "_parse_error", "date");
    List<String> flights =
        refined
            .selectExpr(
                "concat_ws(' ', date_format(departure_time, 'yyyy/MM/dd HH:mm'), delay, origin,"
                    + " destination, year, month, day, ingest_run_id)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(flights)
        .containsExactlyInAnyOrder(
            "2001/01/01 06:55 -19 LAX BNA 2001 1 1 test-run-1",
            "2001/01/01 07:10 5 SFO JFK 2001 1 1 test-run-1",
            "2001/01/02 23:59 0 BNA LAX 2001 1 2 test-run-1");

    Path quarantineFolder = directory.resolve("quarantine/flights/run_id=test-run-1");
    assertThat(report.outputs().quarantine()).contains(quarantineFolder.toString());
    Dataset<Row> quarantine =
        SharedSpark.session().read().parquet(directory.resolve("quarantine/flights").toString());
    assertThat(quarantine.columns())
        .contains("raw_record", "source_file", "reason", "run_id", "quarantined_at");
    Map<String, String> reasons = new java.util.HashMap<>();
    for (Row row : quarantine.collectAsList()) {
      assertThat(row.<String>getAs("run_id")).isEqualTo("test-run-1");
      assertThat(row.<String>getAs("source_file")).endsWith("a.json");
      reasons.put(row.getAs("raw_record"), row.getAs("reason"));
    }
    assertThat(reasons).containsOnlyKeys(MALFORMED, BAD_TYPE, MISSING_ORIGIN);
    assertThat(reasons.get(MALFORMED)).isNotBlank();
    assertThat(reasons.get(BAD_TYPE)).isEqualTo("column 'delay': value 'abc' is not a valid INT");
    assertThat(reasons.get(MISSING_ORIGIN)).isEqualTo("missing required field 'origin'");

    RunReport written =
        RunReportWriter.read(
            directory.resolve("refined/flights/_reports/test-run-1.json").toString(),
            new Configuration());
    assertThat(written).isEqualTo(report);
  }

  @Test
  void emptyInputReportsEmptyWithZeroCounts() throws IOException {
    Files.createDirectories(directory.resolve("raw/flights"));

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(report.counts()).isEqualTo(RunCounts.ZERO);
    assertThat(report.error()).isEmpty();
    assertThat(Path.of(report.outputs().report())).exists();
    assertThat(directory.resolve("refined/flights/year=2001")).doesNotExist();
  }

  @Test
  void missingInputPathFailsWithAReportNamingIt() throws IOException {
    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error().orElseThrow())
        .contains("source.path")
        .contains(directory.resolve("raw/flights").toString());
    assertThat(RunReportWriter.read(report.outputs().report(), new Configuration()).status())
        .isEqualTo(RunStatus.FAILED);
  }

  @Test
  void unreadableFileFailsTheRunNamingTheFile() throws IOException {
    rawFile("a.json", GOOD_1);
    Path truncated = directory.resolve("raw/flights/b.json.gz");
    byte[] gzip = gzip((GOOD_2 + "\n").repeat(50));
    Files.write(truncated, Arrays.copyOf(gzip, gzip.length / 2));

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error().orElseThrow())
        .startsWith("Cannot read source file '")
        .contains("b.json.gz");
    assertThat(Path.of(report.outputs().report())).exists();
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void exitCodesTellSuccessFailureAndBadConfiguration() throws IOException {
    String config = spec().toString();
    assertThat(RawToRefinedJob.execute("--config", config, "--source.format", "jsn"))
        .isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
    assertThat(RawToRefinedJob.execute("--config", config)).isEqualTo(JobMain.EXIT_RUN_FAILED);
    rawFile("a.json", GOOD_1);
    assertThat(RawToRefinedJob.execute("--config", config)).isEqualTo(JobMain.EXIT_SUCCEEDED);
  }

  @Test
  void rerunningTheSameInputWritesIdenticalData() throws IOException {
    rawFile("a.json", GOOD_1, GOOD_2, GOOD_3);
    rawFile("b.json", DUPLICATE_OF_1);
    run("--run-id", "first");
    List<Row> first = businessRows();

    RunReport second = run("--run-id", "second");

    assertThat(second.counts()).isEqualTo(new RunCounts(4, 3, 0, 1));
    assertThat(second.outputs().quarantine()).isEmpty();
    assertThat(businessRows()).isEqualTo(first);
    try (Stream<Path> reports = Files.list(directory.resolve("refined/flights/_reports"))) {
      assertThat(reports.map(path -> path.getFileName().toString()))
          .contains("first.json", "second.json");
    }
  }

  private List<Row> businessRows() {
    return SharedSpark.session()
        .read()
        .parquet(directory.resolve("refined/flights").toString())
        .selectExpr(
            "departure_time",
            "delay",
            "distance",
            "origin",
            "destination",
            "ingest_source_file",
            "day")
        .orderBy("departure_time", "origin")
        .collectAsList();
  }

  @Test
  void clusteredWriteSortsOnlyOnce() throws Exception {
    rawFile("a.json", GOOD_1, GOOD_2, GOOD_3);
    rawFile("b.json", DUPLICATE_OF_1);
    List<String> writePlans =
        WritePlans.into(
            directory.resolve("refined/flights"),
            () -> assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED));

    // Deduplication sorts by partition first, so the write needs no sort of its own (and the
    // partition columns are not wrapped in empty2null, which would hide that order).
    assertThat(writePlans).hasSize(1);
    assertThat(writePlans.get(0).split("Sort \\[", -1)).hasSize(2);
    assertThat(writePlans.get(0)).doesNotContain("empty2null");
  }
}
