package dev.lakeetl.jobs.curate;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the shipped curated example config in-process over a test's own folders. */
final class CuratedExample {
  static final String CONFIG = "../conf/flights-refined-to-curated.yaml";

  private CuratedExample() {}

  /**
   * Arguments for the example with {@code refined}, {@code raw} (the airports) and {@code curated}
   * below {@code directory}, two shuffle partitions and no catalog (the shared test session has no
   * Hive catalog; registration is tested end to end).
   */
  static List<String> arguments(Path directory, String curated, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--config",
                CONFIG,
                "--env",
                "local",
                "--vars.refined-root",
                directory.resolve("refined").toString(),
                "--vars.raw-root",
                directory.resolve("raw").toString(),
                "--vars.curated-root",
                directory.resolve(curated).toString(),
                "--spark.conf.spark.sql.shuffle.partitions",
                "2",
                "--catalog.enabled",
                "false"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  /**
   * Appends refined flights ({@code values}: rows of departure_time, delay, distance, origin,
   * destination) to {@code refined/flights} below {@code directory}, partitioned by the day of
   * their departure as raw-to-refined writes them.
   */
  static void writeRefinedFlights(Path directory, String values) {
    SharedSpark.session()
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

  /** Writes the airports AAA, BBB and CCC to {@code raw/airports/airports.csv}. */
  static void writeAirports(Path directory) throws IOException {
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

  static RefinedToCuratedJob job(List<String> arguments) {
    return new RefinedToCuratedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of());
  }

  static RunReport run(List<String> arguments) {
    return job(arguments).run(Clock.systemUTC());
  }
}
