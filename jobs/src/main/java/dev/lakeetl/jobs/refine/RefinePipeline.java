package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.spark.SqlIdentifiers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Composes the refine transforms into one plan: check and cast, split valid from rejected, rename,
 * derive partitions, deduplicate, add ingestion metadata.
 *
 * <p>Counting costs no extra pass: rows read, rows invalid and duplicates removed are {@link
 * Observation} metrics that fill while the writer executes the refined dataset. When the dedupe key
 * holds the event time (and so determines every partition column), duplicates always share a
 * partition: the data is hash-partitioned once by the partition columns and deduplicated within
 * that partitioning, so writing needs no second shuffle.
 */
public final class RefinePipeline {
  private RefinePipeline() {}

  /**
   * Plans the refine steps over the reader's output. Nothing is executed here.
   *
   * @param input reader output: data columns plus {@code _raw_record}, {@code _parse_error}, {@code
   *     _source_file}
   * @param declaredSchema the declared schema, if any: its STRING-read columns are cast
   * @param rules the transform rules
   * @param runId written to every row and quarantine record
   * @param ingestTime one timestamp for the whole run
   * @throws IllegalArgumentException when the rules name columns the data does not have
   */
  public static RefinePlan plan(
      Dataset<Row> input,
      Optional<StructType> declaredSchema,
      RefineRules rules,
      String runId,
      Instant ingestTime) {
    requireNonNull(input, "input is null");
    requireNonNull(declaredSchema, "declaredSchema is null");
    requireNonNull(rules, "rules is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(ingestTime, "ingestTime is null");

    ColumnMapping mapping =
        ColumnMapping.of(Arrays.asList(input.columns()), rules.columnNaming(), rules.renames());
    List<String> refinedColumns = List.copyOf(mapping.refinedBySource().values());
    List<String> derivedPartitions = PartitionColumns.derived(rules.partitionBy(), refinedColumns);
    for (String column : rules.dedupeKey()) {
      mapping.requireSourceOf(column, "transform.dedupe-key");
    }
    for (DedupeOrder order : rules.dedupeOrderBy()) {
      mapping.requireSourceOf(order.column(), "transform.dedupe-order-by");
    }

    Dataset<Row> checked = RejectReasons.start(input);
    checked = RequiredFields.apply(checked, requirements(rules, mapping, derivedPartitions));
    if (declaredSchema.isPresent()) {
      checked = SchemaEnforcement.apply(checked, declaredSchema.get(), rules.formats());
    }

    Observation inputMetrics = new Observation();
    Dataset<Row> observed =
        checked.observe(
            inputMetrics,
            count(lit(1)).as(RefinePlan.ROWS_READ),
            count(when(col(InternalColumns.REJECT_REASON).isNotNull(), lit(1)))
                .as(RefinePlan.ROWS_INVALID));
    Dataset<Row> valid = RejectReasons.valid(observed);
    if (!rules.deduplicates() || !Deduplication.rawRecordNeeded(valid.schema())) {
      // The raw text is as big as the record: keep it out of the shuffle unless dedupe needs it.
      valid = valid.drop(InternalColumns.RAW_RECORD);
    }
    Dataset<Row> refined = ColumnRenaming.apply(valid, mapping);
    refined = PartitionColumns.apply(refined, rules.partitionBy(), rules.eventTime());

    boolean clustered = clusteredDedupe(rules, derivedPartitions);
    Optional<Observation> dedupeMetrics = Optional.empty();
    if (rules.deduplicates()) {
      SourceFileIds files = SourceFileIds.of(input);
      refined = files.encode(refined);
      if (clustered) {
        refined = refined.repartition(columns(rules.partitionBy()));
      }
      Dataset<Row> marked =
          Deduplication.mark(
              refined,
              rules.dedupeKey(),
              rules.dedupeOrderBy(),
              clustered ? rules.partitionBy() : List.of());
      Observation duplicates = new Observation();
      marked =
          marked.observe(
              duplicates,
              count(when(col(InternalColumns.DUPLICATE), lit(1)))
                  .as(RefinePlan.DUPLICATES_REMOVED));
      refined = files.decode(Deduplication.removeMarked(marked));
      dedupeMetrics = Optional.of(duplicates);
    }
    refined = partitionColumnsLast(IngestMetadata.apply(refined, runId, ingestTime), rules);

    Dataset<Row> quarantine =
        QuarantineRecords.of(RejectReasons.rejected(checked), runId, ingestTime);
    return new RefinePlan(
        refined, quarantine, rules.partitionBy(), clustered, inputMetrics, dedupeMetrics);
  }

  private static List<RequiredFields.Requirement> requirements(
      RefineRules rules, ColumnMapping mapping, List<String> derivedPartitions) {
    List<RequiredFields.Requirement> requirements = new ArrayList<>();
    for (String field : rules.required()) {
      requirements.add(
          RequiredFields.Requirement.required(
              mapping.requireSourceOf(field, "transform.required"), field));
    }
    if (!derivedPartitions.isEmpty()) {
      String eventTime =
          rules
              .eventTime()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Cannot derive partition columns "
                              + derivedPartitions
                              + " (target.partition-by): transform.event-time is not set"));
      String source = mapping.requireSourceOf(eventTime, "transform.event-time");
      if (!rules.required().contains(eventTime)) {
        requirements.add(
            new RequiredFields.Requirement(
                source,
                "missing event time '"
                    + eventTime
                    + "' needed for partition columns "
                    + String.join(", ", derivedPartitions)));
      }
    }
    return requirements;
  }

  /**
   * Whether every partition column is fixed by the dedupe key: then all duplicates of a key fall
   * into one partition and one shuffle serves both deduplication and writing.
   */
  static boolean clusteredDedupe(RefineRules rules, List<String> derivedPartitions) {
    if (!rules.deduplicates() || rules.partitionBy().isEmpty()) {
      return false;
    }
    boolean eventTimeInKey = rules.eventTime().map(rules.dedupeKey()::contains).orElse(false);
    for (String partition : rules.partitionBy()) {
      boolean fixedByKey =
          rules.dedupeKey().contains(partition)
              || (derivedPartitions.contains(partition) && eventTimeInKey);
      if (!fixedByKey) {
        return false;
      }
    }
    return true;
  }

  private static Dataset<Row> partitionColumnsLast(Dataset<Row> refined, RefineRules rules) {
    List<Column> projection = new ArrayList<>();
    for (String column : refined.columns()) {
      if (!rules.partitionBy().contains(column)) {
        projection.add(col(SqlIdentifiers.quoted(column)));
      }
    }
    projection.addAll(Arrays.asList(columns(rules.partitionBy())));
    return refined.select(projection.toArray(Column[]::new));
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(name -> col(SqlIdentifiers.quoted(name))).toArray(Column[]::new);
  }
}
