package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one registration did.
 *
 * @param table {@code database.table}
 * @param tableCreated the table did not exist and was created
 * @param columnsChanged an incompatible change altered the table's columns in place
 * @param columnsAdded columns added to an existing table
 * @param partitionsAdded partitions newly registered
 * @param partitionsKnown partitions the run wrote that were already registered
 */
public record Registration(
    String table,
    boolean tableCreated,
    boolean columnsChanged,
    List<String> columnsAdded,
    int partitionsAdded,
    int partitionsKnown) {
  public Registration {
    requireNonNull(table, "table is null");
    columnsAdded = List.copyOf(requireNonNull(columnsAdded, "columnsAdded is null"));
  }

  /** A table this run created, with the partitions it registered. */
  public static Registration created(String table, int partitionsAdded) {
    return new Registration(table, true, false, List.of(), partitionsAdded, 0);
  }
}
