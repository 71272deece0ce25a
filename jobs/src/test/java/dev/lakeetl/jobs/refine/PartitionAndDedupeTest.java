package dev.lakeetl.jobs.refine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PartitionAndDedupeTest {
  private static Dataset<Row> flights(RawData data) {
    return data.toDataset().withColumn("time", col("time").cast("timestamp"));
  }

  @Test
  void derivesZeroPaddedTimePartitions() {
    Dataset<Row> input =
        flights(RawData.columns("time", "origin").row("2001-01-05 07:03:00", "LAX"));

    Row row =
        PartitionColumns.apply(input, List.of("year", "month", "day", "hour"), Optional.of("time"))
            .first();

    assertThat(row.<String>getAs("year")).isEqualTo("2001");
    assertThat(row.<String>getAs("month")).isEqualTo("01");
    assertThat(row.<String>getAs("day")).isEqualTo("05");
    assertThat(row.<String>getAs("hour")).isEqualTo("07");
  }

  @Test
  void partitionColumnsThatAreDataColumnsAreNotDerived() {
    assertThat(PartitionColumns.derived(List.of("origin", "year"), List.of("origin", "time")))
        .containsExactly("year");
    assertThat(PartitionColumns.derived(List.of("year"), List.of("year", "time"))).isEmpty();
    assertThatThrownBy(() -> PartitionColumns.derived(List.of("carrier"), List.of("time")))
        .hasMessage(
            "Cannot partition by 'carrier' (target.partition-by): it is not a column of the data"
                + " [time] and not one of the derived time partitions year, month, day, hour");
  }

  @Test
  void derivingNeedsATimestampEventTime() {
    Dataset<Row> text = RawData.columns("time").row("2001-01-05").toDataset();

    assertThatThrownBy(() -> PartitionColumns.apply(text, List.of("year"), Optional.empty()))
        .hasMessage("Cannot derive partition columns [year]: transform.event-time is not set");
    assertThatThrownBy(() -> PartitionColumns.apply(text, List.of("year"), Optional.of("time")))
        .hasMessage(
            "Cannot derive partition columns from transform.event-time 'time': it is STRING;"
                + " declare it as TIMESTAMP or DATE in source.schema");
  }

  @Test
  void nullEventTimeIsQuarantinedByThePipelineWithAReason() {
    Dataset<Row> raw =
        RawData.columns("time", "origin")
            .row("2001-01-05 07:03:00", "LAX")
            .row(null, "SFO")
            .toDataset();
    RefineRules rules =
        new RefineRules(
            ColumnNaming.SNAKE_CASE,
            java.util.Map.of(),
            List.of(),
            List.of(),
            List.of(),
            Optional.of("time"),
            List.of("year", "month"),
            TemporalFormats.DEFAULT);

    RefinePlan plan =
        RefinePipeline.plan(
            raw,
            Optional.of(org.apache.spark.sql.types.StructType.fromDDL("time TIMESTAMP")),
            rules,
            "run-1",
            Instant.parse("2026-11-23T16:00:00Z"));

    assertThat(plan.refined().collectAsList()).hasSize(1);
    Row quarantined = plan.quarantine().first();
    assertThat(quarantined.<String>getAs("reason"))
        .isEqualTo("missing event time 'time' needed for partition columns year, month");
    assertThat(quarantined.<String>getAs("source_file")).isEqualTo("a.json");
  }

  @Test
  void dedupeKeepsTheSameRowWhateverTheInputOrder() {
    RawData data =
        RawData.columns("time", "origin", "delay")
            .rowFrom("b.json", "2001-01-05 07:03:00", "LAX", "9")
            .rowFrom("a.json", "2001-01-05 07:03:00", "LAX", "5")
            .rowFrom("a.json", "2001-01-05 07:03:00", "LAX", "3")
            .rowFrom("a.json", "2001-01-06 07:03:00", "LAX", "1");
    Dataset<Row> input = flights(data);
    List<String> key = List.of("time", "origin");

    List<Row> kept = Deduplication.apply(input, key, List.of()).orderBy("time").collectAsList();
    List<Row> keptFromReversed =
        Deduplication.apply(input.orderBy(col("delay").desc()).repartition(3), key, List.of())
            .orderBy("time")
            .collectAsList();

    // Default order: source file, then the values ("3" before "5").
    assertThat(kept).extracting(row -> row.<String>getAs("delay")).containsExactly("3", "1");
    assertThat(keptFromReversed).isEqualTo(kept);
  }

  @Test
  void dedupeOrderByChoosesTheSurvivor() {
    Dataset<Row> input =
        flights(
                RawData.columns("time", "origin", "delay")
                    .row("2001-01-05 07:03:00", "LAX", "5")
                    .row("2001-01-05 07:03:00", "LAX", "12")
                    .row("2001-01-05 07:03:00", "LAX", null))
            .withColumn("delay", col("delay").cast("int"));

    Row latest =
        Deduplication.apply(
                input, List.of("time", "origin"), List.of(DedupeOrder.parse("delay desc")))
            .first();
    Row earliest =
        Deduplication.apply(input, List.of("time", "origin"), List.of(DedupeOrder.parse("delay")))
            .first();

    assertThat(latest.<Integer>getAs("delay")).isEqualTo(12);
    assertThat(earliest.<Integer>getAs("delay")).isEqualTo(5);
  }

  @Test
  void dedupeOrderEntriesAreParsedStrictly() {
    assertThat(DedupeOrder.parse(" delay  DESC "))
        .isEqualTo(new DedupeOrder("delay", DedupeOrder.Direction.DESC));
    assertThat(DedupeOrder.parse("delay asc"))
        .isEqualTo(new DedupeOrder("delay", DedupeOrder.Direction.ASC));
    assertThatThrownBy(() -> DedupeOrder.parse("delay downwards"))
        .hasMessage(
            "Cannot order duplicates: transform.dedupe-order-by entry 'delay downwards' is not"
                + " \"column\", \"column asc\" or \"column desc\"");
  }

  @Test
  void tieBreakersUseValuesUnlessAColumnCannotBeSorted() {
    org.apache.spark.sql.types.StructType sortable =
        org.apache.spark.sql.types.StructType.fromDDL(
            "id INT, delay INT, tags ARRAY<STRING>, _raw_record STRING, _source_file STRING");
    org.apache.spark.sql.types.StructType withMap =
        org.apache.spark.sql.types.StructType.fromDDL(
            "id INT, attributes MAP<STRING, STRING>, _raw_record STRING, _source_file STRING");

    assertThat(Deduplication.tieBreakers(sortable, java.util.Set.of("id")))
        .containsExactly("_source_file", "delay", "tags");
    assertThat(Deduplication.rawRecordNeeded(withMap)).isTrue();
    assertThat(Deduplication.tieBreakers(withMap, java.util.Set.of("id")))
        .containsExactly("_source_file", "_raw_record");
  }

  @Test
  void dedupeRejectsUnknownColumns() {
    Dataset<Row> input = RawData.columns("origin").row("LAX").toDataset();

    assertThatThrownBy(() -> Deduplication.apply(input, List.of("flight"), List.of()))
        .hasMessage(
            "Cannot deduplicate: transform.dedupe-key names 'flight', which is not a column of the"
                + " data; columns are [origin]");
  }

  @Test
  void ingestMetadataReplacesInternalColumns() {
    Instant ingestTime = Instant.parse("2026-11-23T16:01:02Z");
    Dataset<Row> input = RawData.columns("origin").rowFrom("s3a://raw/a.json", "LAX").toDataset();

    Dataset<Row> output = IngestMetadata.apply(input, "run-7", ingestTime);
    Row row = output.first();

    assertThat(output.columns())
        .containsExactly("origin", "ingest_source_file", "ingest_time", "ingest_run_id");
    assertThat(row.<String>getAs("ingest_source_file")).isEqualTo("s3a://raw/a.json");
    assertThat(row.<Timestamp>getAs("ingest_time").toInstant()).isEqualTo(ingestTime);
    assertThat(row.<String>getAs("ingest_run_id")).isEqualTo("run-7");
    assertThatThrownBy(
            () ->
                IngestMetadata.apply(
                    input.withColumnRenamed("origin", "ingest_time"), "r", ingestTime))
        .hasMessage(
            "Cannot add ingestion metadata: the data already has a column 'ingest_time';"
                + " rename it with transform.rename.*");
  }
}
