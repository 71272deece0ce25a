package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;

/**
 * Checks that the columns a setting names are in the data. Every job and check says a missing
 * column the same way: {@code Cannot <action>: <setting> names '<column>', which is not a column of
 * the data; columns are [...]}.
 */
public final class DataColumns {
  private DataColumns() {}

  /**
   * Fails on the first named column that is not in {@code columns}.
   *
   * @param action what cannot be done, e.g. {@code deduplicate} or {@code write <path>}
   * @param setting what names the columns: a key such as {@code transform.dedupe-key}, or a rule
   * @param named the columns the setting names, checked in order
   * @param columns the columns of the data, listed in the message
   * @throws IllegalArgumentException naming the action, the setting, the column and the columns
   */
  public static void require(
      String action, String setting, Collection<String> named, Collection<String> columns) {
    requireNonNull(named, "named is null");
    requireNonNull(columns, "columns is null");
    for (String column : named) {
      if (!columns.contains(column)) {
        throw missing(action, setting, column, columns);
      }
    }
  }

  /** {@link #require} for one column. */
  public static void require(
      String action, String setting, String column, Collection<String> columns) {
    require(action, setting, List.of(column), columns);
  }

  /** The error {@link #require} throws, for callers that look the column up themselves. */
  public static IllegalArgumentException missing(
      String action, String setting, String column, Collection<String> columns) {
    return new IllegalArgumentException(
        "Cannot "
            + requireNonNull(action, "action is null")
            + ": "
            + requireNonNull(setting, "setting is null")
            + " names '"
            + requireNonNull(column, "column is null")
            + "', which is not a column of the data; columns are "
            + List.copyOf(columns));
  }
}
