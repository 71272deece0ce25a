package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local pipeline as a user runs it: raw-to-refined, then refined-to-curated with the shipped
 * flights example, both jars through bin/etl-submit. The curated numbers are checked for every
 * route and day against {@link SampleRouteDelays}, worked out from the raw files in plain Java, and
 * bin/etl-sql queries the curated table the job registered by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefinedToCuratedEndToEndTest {
  @TempDir static Path output;

  private Map<String, SampleRouteDelays.Route> expected;
  private EtlSubmit.Result curateRun;
  private JsonNode report;
  private Path curated;

  @BeforeAll
  void runThePipelineOnTheSample() {
    Repository.requireRawToRefinedJar();
    Repository.requireRefinedToCuratedJar();
    expected = SampleRouteDelays.of(Repository.sampleFlights(), Repository.sampleAirports());
    String refinedRoot = output.resolve("refined").toString();
    EtlSubmit.Result refineRun =
        EtlSubmit.run("pipeline-raw-to-refined", Map.of(), EtlSubmit.sampleRawToRefined(output));
    assertThat(refineRun.exitCode()).as(refineRun.describe()).isZero();
    curateRun =
        EtlSubmit.run(
            "pipeline-refined-to-curated",
            Map.of(),
            List.of(
                "refined-to-curated",
                "--config",
                "conf/flights-refined-to-curated.yaml",
                "--env",
                "local",
                "--run-id",
                "curate-e2e",
                "--vars.refined-root",
                refinedRoot,
                "--vars.curated-root",
                output.resolve("curated").toString(),
                "--catalog.local.path",
                output.resolve("metastore").toString()));
    assertThat(curateRun.exitCode()).as(curateRun.describe()).isZero();
    curated = output.resolve("curated/route_daily_delays");
    report =
        RunReports.read(
            output.resolve("curated/_reports/flights-refined-to-curated/curate-e2e.json"));
  }

  @Test
  void reportCountsRowsPerInputAndOutput() {
    assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
    Map<String, Long> rows = new TreeMap<>();
    report
        .get("datasets")
        .forEach(
            node ->
                rows.put(
                    node.get("role").asText() + " " + node.get("name").asText(),
                    node.get("rows").asLong()));
    assertThat(rows)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "INPUT flights", 10_000L,
                "INPUT airports", 3_376L,
                "OUTPUT route_daily_delays", (long) expected.size()));
    TreeSet<String> days = new TreeSet<>();
    expected.keySet().forEach(key -> days.add("flight_date=" + key.substring(0, 10)));
    List<String> partitions = new ArrayList<>();
    report.get("partitionsWritten").forEach(node -> partitions.add(node.asText()));
    assertThat(partitions).hasSize(90).containsExactlyElementsOf(days);
    assertThat(report.get("counts").get("read").asLong()).isEqualTo(13_376);
    assertThat(report.get("counts").get("written").asLong()).isEqualTo(expected.size());
    assertThat(curateRun.log())
        .contains(
            "SUCCEEDED: read airports 3,376, flights 10,000; wrote route_daily_delays "
                + String.format("%,d", expected.size())
                + " (90 partitions)");
  }

  @Test
  void secondProcessQueriesTheCuratedTableByName() {
    EtlSubmit.Result query =
        EtlSubmit.run(
            Repository.root().resolve("bin/etl-sql"),
            "etl-sql-curated-route-daily-delays",
            Map.of(),
            List.of(
                "--metastore",
                output.resolve("metastore").toString(),
                "SELECT count(*), sum(flights) FROM curated.route_daily_delays"));

    assertThat(query.exitCode()).as(query.describe()).isZero();
    long flights = expected.values().stream().mapToLong(SampleRouteDelays.Route::flights).sum();
    assertThat(CatalogEndToEndTest.rows(query.log()))
        .as(query.describe())
        .contains(expected.size() + "|" + flights);
  }

  @Test
  void everyRouteAndDayMatchesTheIndependentComputation() {
    List<Row> rows =
        SharedSpark.session()
            .read()
            .parquet(curated.toString())
            .selectExpr(
                "concat_ws('|', cast(flight_date AS STRING), origin, destination)",
                "flights",
                "delayed_flights",
                "mean_delay",
                "p90_delay",
                "max_delay",
                "distance",
                "origin_name",
                "origin_city",
                "destination_name",
                "destination_city",
                "delay_rank")
            .collectAsList();

    assertThat(rows).hasSize(expected.size());
    for (Row row : rows) {
      SampleRouteDelays.Route route = expected.get(row.getString(0));
      assertThat(route).as("route and day %s", row.getString(0)).isNotNull();
      String what = route.key();
      assertThat(row.getLong(1)).as("flights of %s", what).isEqualTo(route.flights());
      assertThat(row.getLong(2)).as("delayed of %s", what).isEqualTo(route.delayedFlights());
      assertThat(row.getDouble(3))
          .as("mean of %s", what)
          .isCloseTo(route.meanDelay(), within(1e-9));
      assertThat(row.getDouble(4)).as("p90 of %s", what).isCloseTo(route.p90Delay(), within(1e-9));
      assertThat(row.getInt(5)).as("max of %s", what).isEqualTo(route.maxDelay());
      assertThat(row.getInt(6)).as("distance of %s", what).isEqualTo(route.distance());
      assertThat(row.getString(7)).as("origin name of %s", what).isEqualTo(route.originName());
      assertThat(row.getString(8)).as("origin city of %s", what).isEqualTo(route.originCity());
      assertThat(row.getString(9)).as("destination of %s", what).isEqualTo(route.destinationName());
      assertThat(row.getString(10))
          .as("destination city of %s", what)
          .isEqualTo(route.destinationCity());
      assertThat(row.getInt(11)).as("rank of %s", what).isEqualTo(route.delayRank());
    }
    // The sample is not trivial: some days have several delayed flights on one route.
    assertThat(expected.values()).anyMatch(route -> route.delayedFlights() >= 2);
  }
}
