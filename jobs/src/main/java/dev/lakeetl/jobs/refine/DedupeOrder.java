package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One entry of {@code transform.dedupe-order-by}: which of several rows with the same key survives.
 * The first row in this order is kept.
 *
 * @param column refined column name
 * @param descending whether larger values come first
 */
public record DedupeOrder(String column, boolean descending) {
  public DedupeOrder {
    requireNonNull(column, "column is null");
    if (column.isBlank()) {
      throw new IllegalArgumentException("Cannot order duplicates: column name is blank");
    }
  }

  /** Smaller values of {@code column} first. */
  public static DedupeOrder ascending(String column) {
    return new DedupeOrder(column, false);
  }

  /**
   * Parses {@code "col"}, {@code "col asc"} or {@code "col desc"}.
   *
   * @throws IllegalArgumentException naming the entry otherwise
   */
  public static DedupeOrder parse(String entry) {
    requireNonNull(entry, "entry is null");
    String[] parts = entry.trim().split("\\s+");
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return ascending(parts[0]);
    }
    if (parts.length == 2) {
      String direction = parts[1].toLowerCase(Locale.ROOT);
      if (direction.equals("asc") || direction.equals("desc")) {
        return new DedupeOrder(parts[0], direction.equals("desc"));
      }
    }
    throw new IllegalArgumentException(
        "Cannot order duplicates: transform.dedupe-order-by entry '"
            + entry
            + "' is not \"column\", \"column asc\" or \"column desc\"");
  }
}
