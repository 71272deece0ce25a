package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.DataColumns;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps each raw data column to its refined name: first normalised ({@code transform.column-names}),
 * then renamed ({@code transform.rename.*}, keyed by the normalised name). Everything configured in
 * refined names (required fields, dedupe key, event time) is resolved back to raw columns here.
 */
public final class ColumnMapping {
  private final Map<String, String> refinedBySource;
  private final Map<String, String> sourceByRefined;

  private ColumnMapping(Map<String, String> refinedBySource) {
    this.refinedBySource = Collections.unmodifiableMap(new LinkedHashMap<>(refinedBySource));
    Map<String, String> inverse = new HashMap<>();
    refinedBySource.forEach((source, refined) -> inverse.put(refined, source));
    this.sourceByRefined = Map.copyOf(inverse);
  }

  /**
   * Builds the mapping for the data columns of a dataset; internal columns ({@code _raw_record}
   * ...) are left out.
   *
   * @throws IllegalArgumentException when a rename names no column, or two columns end up with the
   *     same name
   */
  public static ColumnMapping of(
      List<String> columns, ColumnNaming naming, Map<String, String> renames) {
    requireNonNull(columns, "columns is null");
    requireNonNull(naming, "naming is null");
    requireNonNull(renames, "renames is null");
    Map<String, String> normalisedBySource = new LinkedHashMap<>();
    for (String column : columns) {
      if (!InternalColumns.isInternal(column)) {
        normalisedBySource.put(column, naming.normalise(column));
      }
    }
    for (String renamed : renames.keySet()) {
      if (!normalisedBySource.containsValue(renamed)) {
        throw new IllegalArgumentException(
            "Cannot rename column: transform.rename."
                + renamed
                + " names no column; columns after normalising are "
                + normalisedBySource.values());
      }
    }
    Map<String, String> refinedBySource = new LinkedHashMap<>();
    Map<String, String> sourceByRefined = new HashMap<>();
    for (Map.Entry<String, String> entry : normalisedBySource.entrySet()) {
      String refined = renames.getOrDefault(entry.getValue(), entry.getValue());
      String clash = sourceByRefined.putIfAbsent(refined, entry.getKey());
      if (clash != null) {
        throw new IllegalArgumentException(
            "Cannot normalise column names: '"
                + clash
                + "' and '"
                + entry.getKey()
                + "' would both become '"
                + refined
                + "'; rename one with transform.rename.*");
      }
      refinedBySource.put(entry.getKey(), refined);
    }
    return new ColumnMapping(refinedBySource);
  }

  /** Raw column name to refined column name, in column order. */
  public Map<String, String> refinedBySource() {
    return refinedBySource;
  }

  /** The raw column that becomes the given refined column. */
  public Optional<String> sourceOf(String refinedName) {
    return Optional.ofNullable(sourceByRefined.get(refinedName));
  }

  /**
   * The raw column that becomes the given refined column.
   *
   * @param configKey the configuration key that named the column, for the error message
   * @throws IllegalArgumentException naming the key and the available columns if there is none
   */
  public String requireSourceOf(String refinedName, String configKey) {
    return sourceOf(refinedName)
        .orElseThrow(
            () -> DataColumns.missing("refine", configKey, refinedName, refinedBySource.values()));
  }
}
