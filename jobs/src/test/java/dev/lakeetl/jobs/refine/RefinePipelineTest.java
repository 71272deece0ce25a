package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RefinePipelineTest {
  private static final StructType SCHEMA =
      StructType.fromDDL("Date TIMESTAMP, DepDelay INT, Origin STRING, Destination STRING");
  private static final Instant INGEST_TIME = Instant.parse("2026-11-23T16:01:02Z");

  private static RefineRules rules(List<String> dedupeKey) {
    return new RefineRules(
        ColumnNaming.SNAKE_CASE,
        Map.of("date", "departure_time"),
        List.of("departure_time", "origin", "destination"),
        dedupeKey,
        List.of(),
        Optional.of("departure_time"),
        List.of("year", "month", "day"),
        new TemporalFormats(Optional.of("yyyy/MM/dd HH:mm"), Optional.empty()));
  }

  private static Dataset<Row> input() {
    return RawData.columns("Date", "DepDelay", "Origin", "Destination")
        .row("2001/01/01 06:55", "-19", "LAX", "BNA")
        .row("2001/01/01 06:55", "-3", "LAX", "BNA")
        .row("2001/01/02 07:05", "4", "SFO", "JFK")
        .row("2001/01/02 08:00", "late", "SFO", "JFK")
        .row("2001/01/02 09:00", "1", null, "JFK")
        .malformed("{\"Date\": ", "malformed JSON")
        .toDataset();
  }

  @Test
  void refinesCountsAndQuarantinesInOnePlan() {
    RefinePlan plan =
        RefinePipeline.plan(
            input(),
            Optional.of(SCHEMA),
            rules(List.of("departure_time", "origin", "destination")),
            "run-1",
            INGEST_TIME);

    // No orderBy: a range sort runs a sampling job that would execute the observed plan twice.
    List<Row> refined = plan.refined().collectAsList();
    RefinePlan.Metrics metrics = plan.metrics(Duration.ofSeconds(30));

    assertThat(plan.clustered()).isTrue();
    assertThat(plan.refined().columns())
        .containsExactly(
            "departure_time",
            "dep_delay",
            "origin",
            "destination",
            "ingest_source_file",
            "ingest_time",
            "ingest_run_id",
            "year",
            "month",
            "day");
    assertThat(refined)
        .extracting(row -> row.<Integer>getAs("dep_delay") + "@" + row.getAs("day"))
        .containsExactlyInAnyOrder("-19@01", "4@02");
    assertThat(metrics).isEqualTo(new RefinePlan.Metrics(6, 3, 1));
    assertThat(plan.quarantine().orderBy("reason").collectAsList())
        .extracting(row -> row.<String>getAs("reason"))
        .containsExactly(
            "column 'DepDelay': value 'late' is not a valid INT",
            "malformed JSON",
            "missing required field 'origin' (source field 'Origin')");
  }

  @Test
  void clusteredDedupeShufflesOnce() {
    RefinePlan plan =
        RefinePipeline.plan(
            input(),
            Optional.of(SCHEMA),
            rules(List.of("departure_time", "origin")),
            "run-1",
            INGEST_TIME);

    String physical = plan.refined().queryExecution().executedPlan().toString();
    assertThat(plan.clustered()).isTrue();
    assertThat(physical.split("Exchange hashpartitioning", -1)).hasSize(2);
  }

  @Test
  void dedupeWithoutTheEventTimeIsGlobal() {
    RefinePlan plan =
        RefinePipeline.plan(
            input(), Optional.of(SCHEMA), rules(List.of("origin")), "run-1", INGEST_TIME);

    assertThat(plan.clustered()).isFalse();
    assertThat(plan.refined().collectAsList())
        .extracting(row -> row.<String>getAs("origin"))
        .containsExactlyInAnyOrder("LAX", "SFO");
    assertThat(plan.metrics(Duration.ofSeconds(30)).duplicatesRemoved()).isEqualTo(1);
  }

  @Test
  void withoutDedupeNothingIsRemovedAndRawTextIsDroppedEarly() {
    RefinePlan plan =
        RefinePipeline.plan(input(), Optional.of(SCHEMA), rules(List.of()), "run-1", INGEST_TIME);

    assertThat(plan.refined().collectAsList()).hasSize(3);
    assertThat(plan.dedupeMetrics()).isEmpty();
    assertThat(plan.metrics(Duration.ofSeconds(30))).isEqualTo(new RefinePlan.Metrics(6, 3, 0));
  }
}
