package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs without quality rules are staged and published only once the run's counts reconcile: a
 * run failing its ledger check shows none of its rows.
 */
class StagedWithoutRulesTest {
  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void aRunWhoseCountsDoNotReconcilePublishesNothing() throws IOException {
    spark
        .sql("SELECT * FROM VALUES ('LAX', '01'), ('LAX', '01'), ('SFO', '02') AS t(origin, day)")
        .write()
        .partitionBy("day")
        .parquet(directory.resolve("refined/flights").toString());
    Path config = directory.resolve("conf/origins.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config.resolveSibling("origins.sql"),
        "SELECT origin, count(*) AS flights FROM flights GROUP BY origin");
    Files.write(
        config,
        List.of(
            "job.name: origins",
            "runtime: local",
            "input.flights: {path: " + directory.resolve("refined/flights") + ", format: parquet}",
            "transforms: [origins]",
            "transform.origins.sql: origins.sql",
            // Two rows from three: the ledger check fails (an aggregate is no row-for-row output).
            "output.origins: {path: "
                + directory.resolve("curated/origins")
                + ", partition-by: [origin], reconcile-with: flights}",
            "report.path: " + directory.resolve("curated/_reports")),
        StandardCharsets.UTF_8);

    int exitCode = RefinedToCuratedJob.execute("--config", config.toString());

    assertThat(dataFiles(directory.resolve("curated/origins"))).isEmpty();
    assertThat(exitCode).isEqualTo(1);
  }

  /** The Parquet files a reader of the table would find, none when there is no table. */
  private static List<Path> dataFiles(Path table) throws IOException {
    if (!Files.exists(table)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !table.relativize(file).toString().startsWith("_"))
          .toList();
    }
  }
}
