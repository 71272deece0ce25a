package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One entry of {@code transform.dedupe-order-by}: which of several rows with the same key survives.
 * The first row in this order is kept.
 *
 * @param column refined column name
 * @param direction whether smaller or larger values come first
 */
public record DedupeOrder(String column, Direction direction) {
  /** The order of the values of the column: {@code asc} or {@code desc} in the setting. */
  public enum Direction {
    /** Smaller values first. */
    ASC,
    /** Larger values first. */
    DESC
  }

  public DedupeOrder {
    requireNonNull(column, "column is null");
    requireNonNull(direction, "direction is null");
    if (column.isBlank()) {
      throw new IllegalArgumentException("Cannot order duplicates: column name is blank");
    }
  }

  /** Smaller values of {@code column} first. */
  public static DedupeOrder ascending(String column) {
    return new DedupeOrder(column, Direction.ASC);
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
      String direction = parts[1].toUpperCase(Locale.ROOT);
      if (direction.equals("ASC") || direction.equals("DESC")) {
        return new DedupeOrder(parts[0], Direction.valueOf(direction));
      }
    }
    throw new IllegalArgumentException(
        "Cannot order duplicates: transform.dedupe-order-by entry '"
            + entry
            + "' is not \"column\", \"column asc\" or \"column desc\"");
  }
}
