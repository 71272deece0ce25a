package dev.lakeetl.jobs.curate;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunReport;
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

  static RefinedToCuratedJob job(List<String> arguments) {
    return new RefinedToCuratedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of());
  }

  static RunReport run(List<String> arguments) {
    return job(arguments).run(Clock.systemUTC());
  }
}
