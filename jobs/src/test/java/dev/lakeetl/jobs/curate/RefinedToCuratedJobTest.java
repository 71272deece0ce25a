package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.job.BatchJob;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.report.DatasetCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportJson;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in-process with the shipped flights example (its config and SQL files), on a few
 * hand-made flights whose statistics are worked out by hand below.
 */
class RefinedToCuratedJobTest {

  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();

  @BeforeAll
  static void startSpark() {
    // The job must reuse the one test session, not build its own.
    SharedSpark.session();
  }

  /**
   * 2001-01-01: AAA->BBB delays 10, 30, -5, 20; BBB->AAA 50; AAA->ZZZ 0 (ZZZ is no known airport).
   * 2001-01-02: AAA->BBB 15 (delayed: 15 minutes or more); BBB->AAA 14.
   */
  @BeforeEach
  void refinedFlightsAndAirports() throws IOException {
    writeFlightsAndAirports(spark, directory);
  }

  /** The flights above under {@code refined/flights}, three airports under {@code raw/airports}. */
  static void writeFlightsAndAirports(SparkSession spark, Path directory) throws IOException {
    spark
        .sql(
            "SELECT departure_time, delay, distance, origin, destination,"
                + " date_format(departure_time, 'yyyy') AS year,"
                + " date_format(departure_time, 'MM') AS month,"
                + " date_format(departure_time, 'dd') AS day FROM VALUES"
                + " (TIMESTAMP'2001-01-01 06:00:00', 10, 500, 'AAA', 'BBB'),"
                + " (TIMESTAMP'2001-01-01 07:00:00', 30, 500, 'AAA', 'BBB'),"
                + " (TIMESTAMP'2001-01-01 08:00:00', -5, 500, 'AAA', 'BBB'),"
                + " (TIMESTAMP'2001-01-01 09:00:00', 20, 500, 'AAA', 'BBB'),"
                + " (TIMESTAMP'2001-01-01 10:00:00', 50, 500, 'BBB', 'AAA'),"
                + " (TIMESTAMP'2001-01-01 11:00:00', 0, 900, 'AAA', 'ZZZ'),"
                + " (TIMESTAMP'2001-01-02 06:00:00', 15, 500, 'AAA', 'BBB'),"
                + " (TIMESTAMP'2001-01-02 07:00:00', 14, 500, 'BBB', 'AAA')"
                + " AS t(departure_time, delay, distance, origin, destination)")
        .write()
        .partitionBy("year", "month", "day")
        .parquet(directory.resolve("refined/flights").toString());
    Path airports = directory.resolve("raw/airports/airports.csv");
    Files.createDirectories(airports.getParent());
    Files.write(
        airports,
        List.of(
            "iata,name,city,state,country,latitude,longitude",
            "AAA,Alpha Field,Alphaville,AL,USA,31.9,-89.2",
            "BBB,\"Bravo, International\",Bravo City,BR,USA,30.6,-95.0",
            "CCC,Charlie,Charlietown,CH,USA,38.9,-104.5"),
        StandardCharsets.UTF_8);
  }

  private List<String> exampleArguments(String... more) {
    return CuratedExample.arguments(directory, "curated", more);
  }

  private static RunReport run(List<String> arguments) {
    return CuratedExample.run(arguments);
  }

  private List<String> curatedRows() {
    return spark
        .read()
        .parquet(directory.resolve("curated/route_daily_delays").toString())
        .orderBy("flight_date", "delay_rank")
        .selectExpr(
            "concat_ws(' | ', flight_date, origin, origin_name, origin_city, destination,"
                + " destination_name, destination_city, distance, flights, delayed_flights,"
                + " round(mean_delay, 6), round(p90_delay, 6), max_delay, delay_rank)")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  @Test
  void theExampleComputesDailyRouteStatisticsRankedByDelay() throws IOException {
    RunReport report = run(exampleArguments("--run-id", "curate-1"));

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    // p90 of [-5, 10, 20, 30]: position 0.9 * 3 = 2.7, so 20 + 0.7 * (30 - 20) = 27.
    assertThat(curatedRows())
        .containsExactly(
            "2001-01-01 | BBB | Bravo, International | Bravo City | AAA | Alpha Field | Alphaville"
                + " | 500 | 1 | 1 | 50.0 | 50.0 | 50 | 1",
            "2001-01-01 | AAA | Alpha Field | Alphaville | BBB | Bravo, International | Bravo City"
                + " | 500 | 4 | 2 | 13.75 | 27.0 | 30 | 2",
            "2001-01-01 | AAA | Alpha Field | Alphaville | ZZZ | 900 | 1 | 0 | 0.0 | 0.0 | 0 | 3",
            "2001-01-02 | AAA | Alpha Field | Alphaville | BBB | Bravo, International | Bravo City"
                + " | 500 | 1 | 1 | 15.0 | 15.0 | 15 | 1",
            "2001-01-02 | BBB | Bravo, International | Bravo City | AAA | Alpha Field | Alphaville"
                + " | 500 | 1 | 0 | 14.0 | 14.0 | 14 | 2");

    assertThat(report.datasets())
        .containsExactly(
            DatasetCounts.input("airports", directory.resolve("raw/airports").toString(), 3),
            DatasetCounts.input("flights", directory.resolve("refined/flights").toString(), 8),
            DatasetCounts.output(
                "route_daily_delays",
                directory.resolve("curated/route_daily_delays").toString(),
                5,
                List.of("flight_date=2001-01-01", "flight_date=2001-01-02")));
    assertThat(report.partitionsWritten())
        .containsExactly("flight_date=2001-01-01", "flight_date=2001-01-02");
    assertThat(report.counts().read()).isEqualTo(11);
    assertThat(report.counts().written()).isEqualTo(5);
    long flightFiles;
    try (Stream<Path> files = Files.walk(directory.resolve("refined/flights"))) {
      flightFiles = files.filter(file -> file.toString().endsWith(".parquet")).count();
    }
    assertThat(report.inputs().fileCount()).isEqualTo(1 + flightFiles);
    assertThat(report.durationsMillis())
        .containsKeys("read", "transform", "write route_daily_delays", "total");
    Path reportFile =
        directory.resolve("curated/_reports/flights-refined-to-curated/curate-1.json");
    assertThat(RunReportJson.fromJson(Files.readString(reportFile), reportFile.toString()))
        .isEqualTo(report);
  }

  @Test
  void anInputFilterPrunesPartitionsAndOnlyThoseDaysAreReplaced() {
    run(exampleArguments());
    RunReport report = run(exampleArguments("--input.flights.filter", "day = 2"));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.datasets().get(1).rows()).isEqualTo(2);
    assertThat(report.partitionsWritten()).containsExactly("flight_date=2001-01-02");
    // The first day, written by the first run, is left alone.
    assertThat(curatedRows()).hasSize(5);
  }

  @Test
  void publishesEachOutputAfterItsWriteAndBeforeTheReport() {
    RefinedToCuratedJob job = CuratedExample.job(exampleArguments());
    List<String> events = new ArrayList<>();
    RunListener listener =
        new RunListener() {
          @Override
          public void outputPublished(RunContext context, PublishedOutput output) {
            events.add(
                "published "
                    + output.name()
                    + " "
                    + output.result().rowsWritten()
                    + " "
                    + output.target().partitionBy()
                    + " "
                    + output.schema().fieldNames().length);
          }

          @Override
          public void runFinished(RunReport report) {
            events.add("finished " + report.status());
          }
        };
    BatchJob listened =
        new BatchJob() {
          @Override
          public JobSetup setup() {
            return job.setup();
          }

          @Override
          public RunStatus process(RunContext context) throws Exception {
            return job.process(context);
          }

          @Override
          public List<RunListener> listeners() {
            return List.of(listener);
          }
        };

    BatchJobRunner.run(listened, JobArguments.empty(), Clock.systemUTC());

    assertThat(events)
        .containsExactly("published route_daily_delays 5 [flight_date] 14", "finished SUCCEEDED");
  }

  @Test
  void anInputWithoutDataFilesMakesAnEmptyRunThatWritesNothing() throws IOException {
    Files.createDirectories(directory.resolve("nothing"));

    RunReport report =
        run(exampleArguments("--input.flights.path", directory.resolve("nothing").toString()));

    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(directory.resolve("curated/route_daily_delays")).doesNotExist();
  }

  @Test
  void aMissingInputPathFailsTheRunNamingTheKey() {
    RunReport report =
        run(exampleArguments("--input.airports.path", directory.resolve("nowhere").toString()));

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .contains(
            "Cannot read input.airports.path: '"
                + directory.resolve("nowhere")
                + "' does not exist or matches no file");
  }

  @Test
  void aPassThroughOutputReconcilesWithItsInput() throws IOException {
    Path spec = directory.resolve("conf/copy.yaml");
    Files.createDirectories(spec.getParent());
    Files.write(
        spec,
        List.of(
            "job.name: copy",
            "runtime: local",
            "report.path: " + directory.resolve("curated/_reports"),
            "input.flights.path: " + directory.resolve("refined/flights"),
            "transforms: [late]",
            "transform.late:",
            "  class: " + SampleTransforms.class.getName() + "$AtLeast",
            "  input: flights",
            "  options: {column: delay, minimum: 20}",
            "output.flights:",
            "  path: " + directory.resolve("curated/flights"),
            "  partition-by: [year, month, day]",
            "  reconcile-with: flights",
            "output.late:",
            "  path: " + directory.resolve("curated/late"),
            "  reconcile-with: flights"),
        StandardCharsets.UTF_8);

    RunReport report = run(List.of("--config", spec.toString()));

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .contains(
            "Cannot reconcile output.late with input flights (output.late.reconcile-with): read 8"
                + " rows but wrote 3");
    // The pass-through output before it reconciled and stays written; its partitions name it.
    assertThat(report.datasets()).extracting(DatasetCounts::rows).containsExactly(8L, 8L, 3L);
    assertThat(report.partitionsWritten())
        .hasSize(2)
        .allSatisfy(partition -> assertThat(partition).startsWith("flights/year=2001/month="));
  }

  @Test
  void exitCodesSayWhetherTheConfigurationOrTheRunFailed() {
    assertThat(
            RefinedToCuratedJob.execute(
                exampleArguments("--output.route_daily_delays.write-mode", "upsert")
                    .toArray(String[]::new)))
        .isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
    assertThat(
            RefinedToCuratedJob.execute(
                exampleArguments("--input.flights.filter", "no_such_column = 1")
                    .toArray(String[]::new)))
        .isEqualTo(JobMain.EXIT_RUN_FAILED);
  }
}
