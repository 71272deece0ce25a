package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedHiveSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refined table's schema is checked against the catalog before the run writes: a change the
 * policy refuses fails the run with nothing published, and the table (its files and its catalog
 * entry) stays exactly as it was, run after run.
 */
@Tag(SharedHiveSpark.TAG)
class RawToRefinedCatalogTest {
  private static final AtomicInteger TABLES = new AtomicInteger();

  @TempDir Path directory;

  private final SparkSession spark = SharedHiveSpark.session();
  private final String table = "refined.flights_" + TABLES.incrementAndGet();

  @Test
  void refusedSchemaChangePublishesNothingAndLeavesTheTableAsItWas() throws IOException {
    raw("a.json", "01", "06:00", "5");
    assertThat(run("r1", "INT").status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> before = List.of("2001-01-01 06:00 LAX 5");
    assertThat(byPath()).isEqualTo(before);
    assertThat(byName()).isEqualTo(before);
    assertThat(partitions()).containsExactly("year=2001/month=01/day=01");

    // A new day, and delay is now text: add-columns refuses the type change.
    raw("b.json", "02", "07:00", "\"late\"");
    for (String runId : List.of("r2", "r3")) {
      RunReport refused = run(runId, "STRING");

      // The data first: what readers see by path and by name, and the partitions.
      assertThat(byPath()).as(runId).isEqualTo(before);
      assertThat(byName()).as(runId).isEqualTo(before);
      assertThat(partitions()).as(runId).containsExactly("year=2001/month=01/day=01");
      assertThat(directory.resolve("refined/flights/year=2001/month=01/day=02"))
          .as(runId)
          .doesNotExist();
      assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
      assertThat(refused.error())
          .hasValue(
              "Cannot register table "
                  + table
                  + ": the written schema is incompatible with the registered one (type changed:"
                  + " delay: int -> string) and catalog.schema-change is add-columns; set"
                  + " catalog.schema-change=allow-incompatible to change the table's columns in"
                  + " place, or write the old schema; nothing is written, the table is"
                  + " unchanged");
      assertThat(spark.table(table).schema().simpleString()).as(runId).contains("delay:int");
    }
  }

  @Test
  void allowedTypeChangeKeepsTheTableAndItsPartitions() throws IOException {
    raw("a.json", "01", "06:00", "5");
    assertThat(run("r1", "INT").status()).isEqualTo(RunStatus.SUCCEEDED);
    spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('team'='ops')");

    raw("a.json", "01", "06:00", "\"early\"");
    raw("b.json", "02", "07:00", "\"late\"");
    RunReport changed = run("r2", "STRING", "--catalog.schema-change", "allow-incompatible");

    assertThat(changed.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(partitions())
        .containsExactly("year=2001/month=01/day=01", "year=2001/month=01/day=02");
    assertThat(spark.sql("SHOW TBLPROPERTIES " + table + " ('team')").first().getString(1))
        .isEqualTo("ops");
    assertThat(byName()).containsExactly("2001-01-01 06:00 LAX early", "2001-01-02 07:00 LAX late");
  }

  private void raw(String name, String day, String time, String delay) throws IOException {
    Path file = directory.resolve("raw/flights").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"date\":\"2001/01/"
            + day
            + " "
            + time
            + "\",\"origin\":\"LAX\",\"delay\":"
            + delay
            + "}\n",
        StandardCharsets.UTF_8);
  }

  /** What Spark reading the table's files by path sees. */
  private List<String> byPath() {
    return rows(spark.read().parquet(directory.resolve("refined/flights").toString()));
  }

  /** What a query by the table's name sees. */
  private List<String> byName() {
    spark.catalog().refreshTable(table);
    return rows(spark.sql("SELECT * FROM " + table));
  }

  private static List<String> rows(Dataset<Row> rows) {
    return rows.orderBy("departure_time")
        .selectExpr(
            "concat_ws(' ', date_format(departure_time, 'yyyy-MM-dd HH:mm'), origin,"
                + " CAST(delay AS STRING))")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private List<String> partitions() {
    return spark.sql("SHOW PARTITIONS " + table).as(Encoders.STRING()).collectAsList();
  }

  private RunReport run(String runId, String delayType, String... extra) throws IOException {
    List<String> lines =
        new ArrayList<>(
            RefineRun.jsonSource(
                directory.resolve("raw/flights").toString(),
                "date TIMESTAMP, origin STRING, delay " + delayType));
    lines.addAll(
        RefineRun.dailyTable(
            directory.resolve("refined/flights"), directory.resolve("quarantine/flights")));
    lines.addAll(
        List.of(
            "report.path: " + directory.resolve("reports/flights"),
            "catalog:",
            "  enabled: true",
            "  database: refined",
            "  table: " + table.substring(table.indexOf('.') + 1),
            "  local:",
            "    path: " + SharedHiveSpark.metastore()));
    return RefineRun.run(RefineRun.writeConfig(directory, lines), runId, extra);
  }
}
