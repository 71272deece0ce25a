package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped curated example with its output appended: a run killed after its publish is in place
 * (before it could clean up) is retried over the same input, and the table holds each row once.
 */
class CuratedAppendTest {
  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();
  private String fileImpl;

  @AfterEach
  void noFaults() {
    FaultyFileSystem.reset();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (fileImpl == null) {
      conf.unset("fs.file.impl");
    } else {
      conf.set("fs.file.impl", fileImpl);
    }
  }

  @Test
  void aRunKilledAfterItsPublishIsRetriedWithEachRowOnce() throws IOException {
    refined(
        "(TIMESTAMP'2001-01-01 06:00:00', 10, 500, 'AAA', 'BBB'),"
            + " (TIMESTAMP'2001-01-02 07:00:00', 30, 500, 'BBB', 'AAA')");
    airports();
    fileImpl = spark.sparkContext().hadoopConfiguration().get("fs.file.impl");
    // The _published mark is copied, then the file system is gone: the journal stays open.
    FaultyFileSystem.countOnly(path -> path.toString().contains("_published"));
    FaultyFileSystem.outageFromRename(1, FaultyFileSystem.Failure.COPIED_NOT_DELETED);

    RunReport killed =
        CuratedExample.run(
            arguments(
                "killed",
                "--spark.conf.spark.hadoop.fs.file.impl",
                FaultyFileSystem.class.getName(),
                "--spark.conf.spark.hadoop." + FaultyFileSystem.INNER_IMPL,
                fileImpl == null ? "org.apache.hadoop.fs.LocalFileSystem" : fileImpl));
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
    return spark
        .read()
        .parquet(directory.resolve("curated/route_daily_delays").toString())
        .selectExpr("concat(flight_date, ' ', origin, '-', destination) AS row")
        .orderBy("row")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private void refined(String values) {
    spark
        .sql(
            "SELECT departure_time, delay, distance, origin, destination,"
                + " date_format(departure_time, 'yyyy') AS year,"
                + " date_format(departure_time, 'MM') AS month,"
                + " date_format(departure_time, 'dd') AS day FROM VALUES "
                + values
                + " AS t(departure_time, delay, distance, origin, destination)")
        .write()
        .mode("append")
        .partitionBy("year", "month", "day")
        .parquet(directory.resolve("refined/flights").toString());
  }

  private void airports() throws IOException {
    Path airports = directory.resolve("raw/airports/airports.csv");
    Files.createDirectories(airports.getParent());
    Files.write(
        airports,
        List.of(
            "iata,name,city,state,country,latitude,longitude",
            "AAA,Alpha Field,Alphaville,AL,USA,31.9,-89.2",
            "BBB,Bravo,Bravo City,BR,USA,30.6,-95.0",
            "CCC,Charlie,Charlietown,CH,USA,38.9,-104.5"),
        StandardCharsets.UTF_8);
  }
}
