package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedHiveSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output's table is checked before any output is written: one output whose schema change the
 * policy refuses fails the run with no output published, the other one included.
 */
@Tag(SharedHiveSpark.TAG)
class RefinedToCuratedCatalogTest {
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir Path directory;

  private final SparkSession spark = SharedHiveSpark.session();
  private final int id = RUNS.incrementAndGet();

  @Test
  void oneRefusedOutputPublishesNoOutput() throws IOException {
    // Days are text that partition inference leaves as text.
    refined("('LAX', 5, 'd1')");
    assertThat(run("delay")).isZero();
    List<String> copy = List.of("LAX 5 d1");
    List<String> origins = List.of("LAX 5 d1");
    assertThat(rows("copy", "origin, delay, day")).isEqualTo(copy);
    assertThat(rows("origins", "origin, total, day")).isEqualTo(origins);

    // A new day, and the origins output's total becomes text: add-columns refuses it.
    refined("('LAX', 5, 'd1'), ('SFO', 7, 'd2')");
    int exitCode = run("CAST(delay AS STRING)");

    for (String output : List.of("copy", "origins")) {
      assertThat(directory.resolve("curated/" + output + "/day=d2")).as(output).doesNotExist();
      assertThat(partitions(output)).as(output).containsExactly("day=d1");
    }
    assertThat(rows("copy", "origin, delay, day")).isEqualTo(copy);
    assertThat(rows("origins", "origin, total, day")).isEqualTo(origins);
    assertThat(exitCode).isEqualTo(1);
  }

  private void refined(String values) {
    spark
        .sql("SELECT * FROM VALUES " + values + " AS t(origin, delay, day)")
        .write()
        .mode("overwrite")
        .partitionBy("day")
        .parquet(directory.resolve("refined/flights").toString());
  }

  private List<String> rows(String output, String columns) {
    String table = "curated." + output + "_" + id;
    spark.catalog().refreshTable(table);
    return spark
        .sql(
            "SELECT concat_ws(' ', "
                + columns
                + ") FROM "
                + table
                + " ORDER BY "
                + columns.substring(0, columns.indexOf(',')))
        .as(Encoders.STRING())
        .collectAsList();
  }

  private List<String> partitions(String output) {
    return spark
        .sql("SHOW PARTITIONS curated." + output + "_" + id)
        .as(Encoders.STRING())
        .collectAsList();
  }

  /** Runs the job; {@code total} is the expression of the origins output's total column. */
  private int run(String total) throws IOException {
    Path config = directory.resolve("conf/curate.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config.resolveSibling("copy.sql"), "SELECT origin, delay, day FROM flights");
    Files.writeString(
        config.resolveSibling("origins.sql"),
        "SELECT origin, " + total + " AS total, day FROM flights");
    Files.write(
        config,
        List.of(
            "job.name: curate",
            "runtime: local",
            "input.flights: {path: " + directory.resolve("refined/flights") + ", format: parquet}",
            "transforms: [copy, origins]",
            "transform.copy.sql: copy.sql",
            "transform.origins.sql: origins.sql",
            "output.copy: {path: "
                + directory.resolve("curated/copy")
                + ", partition-by: [day], table: copy_"
                + id
                + "}",
            "output.origins: {path: "
                + directory.resolve("curated/origins")
                + ", partition-by: [day], table: origins_"
                + id
                + "}",
            "report.path: " + directory.resolve("curated/_reports"),
            "catalog:",
            "  enabled: true",
            "  database: curated",
            "  local:",
            "    path: " + SharedHiveSpark.metastore()),
        StandardCharsets.UTF_8);
    return RefinedToCuratedJob.execute("--config", config.toString());
  }
}
