package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw-to-refined jar registers its target in a local metastore (catalog.* of the flights
 * config); a second process, bin/etl-sql, queries the table by name from the same metastore folder.
 * Expected numbers come from the sample files ({@link SampleFlights}), not from the job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogEndToEndTest {
  private static final Pattern TABLE_ROW = Pattern.compile("^\\|(.*)\\|$", Pattern.MULTILINE);

  @TempDir static Path output;

  private SampleFlights expected;
  private Path metastore;
  private EtlSubmit.Result job;

  @BeforeAll
  void runWithTheCatalog() {
    Repository.requireRawToRefinedJar();
    expected = SampleFlights.of(Repository.sampleFlights());
    metastore = output.resolve("metastore");
    job =
        EtlSubmit.run(
            "raw-to-refined-catalog",
            Map.of(),
            EtlSubmit.sampleRawToRefinedWithCatalog(output, metastore));
    assertThat(job.exitCode()).as(job.describe()).isZero();
  }

  @Test
  void jobLogsEachCatalogAction() {
    assertThat(job.log())
        .contains("Spark session uses the Hive catalog: embedded metastore in " + metastore)
        .contains("Created database refined")
        .contains(
            "Created table refined.flights: external Parquet at file:"
                + output.resolve("refined/flights"))
        .contains("partitioned by (year string, month string, day string)")
        .contains(
            "Registered 90 new partitions of refined.flights (0 written by this run were already"
                + " registered)");
  }

  @Test
  void secondProcessQueriesTheTableByName() {
    String firstDay = "year=2001/month=01/day=01";
    EtlSubmit.Result query =
        EtlSubmit.run(
            Repository.root().resolve("bin/etl-sql"),
            "etl-sql-refined-flights",
            Map.of(),
            List.of(
                "--metastore",
                metastore.toString(),
                "SELECT count(*), count(DISTINCT year, month, day) FROM refined.flights",
                "SELECT count(*) FROM refined.flights WHERE year = '2001' AND month = '01' AND"
                    + " day = '01'",
                "SHOW PARTITIONS refined.flights"));

    assertThat(query.exitCode()).as(query.describe()).isZero();
    List<String> rows = rows(query.log());
    assertThat(rows)
        .as(query.describe())
        .contains(expected.written() + "|" + expected.rowsPerPartition().size())
        .contains(String.valueOf(expected.rowsPerPartition().get(firstDay)))
        .containsAll(expected.rowsPerPartition().keySet().stream().limit(3).toList());
  }

  /** The cells of every table row bin/etl-sql printed, trimmed and joined by '|'. */
  static List<String> rows(String log) {
    Matcher matcher = TABLE_ROW.matcher(log);
    List<String> rows = new ArrayList<>();
    while (matcher.find()) {
      rows.add(
          String.join(
              "|", Arrays.stream(matcher.group(1).split("\\|")).map(String::trim).toList()));
    }
    return rows;
  }
}
