package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The business rules of a raw-to-refined run ({@code transform.*} plus the partitioning and the
 * text formats), independent of where data is read from or written to. Column names here are
 * refined names (after normalising and renaming).
 *
 * @param columnNaming how raw names are normalised
 * @param renames normalised name to refined name
 * @param required columns that must not be null
 * @param dedupeKey columns identifying a record; empty means no deduplication
 * @param dedupeOrderBy which duplicate survives (first in this order)
 * @param eventTime column the derived time partitions come from
 * @param partitionBy target partition columns, in folder order
 * @param formats TIMESTAMP and DATE text patterns
 */
public record RefineRules(
    ColumnNaming columnNaming,
    Map<String, String> renames,
    List<String> required,
    List<String> dedupeKey,
    List<DedupeOrder> dedupeOrderBy,
    Optional<String> eventTime,
    List<String> partitionBy,
    TemporalFormats formats) {
  public RefineRules {
    requireNonNull(columnNaming, "columnNaming is null");
    renames = Map.copyOf(requireNonNull(renames, "renames is null"));
    required = List.copyOf(requireNonNull(required, "required is null"));
    dedupeKey = List.copyOf(requireNonNull(dedupeKey, "dedupeKey is null"));
    dedupeOrderBy = List.copyOf(requireNonNull(dedupeOrderBy, "dedupeOrderBy is null"));
    requireNonNull(eventTime, "eventTime is null");
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy is null"));
    requireNonNull(formats, "formats is null");
    if (dedupeKey.isEmpty() && !dedupeOrderBy.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot configure deduplication: transform.dedupe-order-by is set but"
              + " transform.dedupe-key is empty");
    }
    if (partitionBy.stream().distinct().count() != partitionBy.size()) {
      throw new IllegalArgumentException(
          "Cannot configure partitioning: target.partition-by repeats a column: " + partitionBy);
    }
  }

  /** Rules that only normalise names: no checks, no dedupe, no partitions. */
  public static RefineRules namingOnly(ColumnNaming naming) {
    return new RefineRules(
        naming,
        Map.of(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        List.of(),
        TemporalFormats.DEFAULT);
  }

  /** Whether duplicates are removed. */
  public boolean deduplicates() {
    return !dedupeKey.isEmpty();
  }
}
