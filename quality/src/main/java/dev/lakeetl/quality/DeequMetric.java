package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A dataset metric Deequ computes or stores, in Java terms.
 *
 * @param kind what is measured
 * @param columns the columns measured (none for the row count)
 */
public record DeequMetric(Kind kind, List<String> columns) {
  /** The Deequ analyzers this module uses. */
  public enum Kind {
    /** Number of rows (Deequ Size). */
    SIZE,
    /** Fraction of non-null values of one column. */
    COMPLETENESS,
    /** Fraction of rows whose value combination occurs exactly once. */
    UNIQUENESS,
    /** Number of distinct value combinations. */
    COUNT_DISTINCT
  }

  /** The row count. */
  public static final DeequMetric SIZE = new DeequMetric(Kind.SIZE, List.of());

  /** The fraction of non-null values of {@code column}. */
  public static DeequMetric completeness(String column) {
    return new DeequMetric(Kind.COMPLETENESS, List.of(column));
  }

  /** The fraction of rows whose combination of {@code columns} occurs exactly once. */
  public static DeequMetric uniqueness(List<String> columns) {
    return new DeequMetric(Kind.UNIQUENESS, columns);
  }

  /** The number of distinct combinations of {@code columns}. */
  public static DeequMetric countDistinct(List<String> columns) {
    return new DeequMetric(Kind.COUNT_DISTINCT, columns);
  }

  public DeequMetric {
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    if (kind == Kind.COMPLETENESS && columns.size() != 1) {
      throw new IllegalArgumentException(
          "Cannot measure completeness of " + columns + ": one column");
    }
  }
}
