package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;

/**
 * How a written schema differs from a registered table's. Column names compare case-insensitively
 * (metastores lower-case them); column order and nullability are ignored (Parquet columns are read
 * by name and metastore columns are all nullable).
 *
 * @param added data columns the table lacks
 * @param dropped data columns of the table the written rows lack
 * @param typeChanges data columns whose type differs, e.g. {@code delay: int -> string}
 * @param partitioningChanged the partition columns differ in names, order or types
 */
public record SchemaChange(
    List<StructField> added,
    List<String> dropped,
    List<String> typeChanges,
    boolean partitioningChanged) {
  public SchemaChange {
    added = List.copyOf(requireNonNull(added, "added is null"));
    dropped = List.copyOf(requireNonNull(dropped, "dropped is null"));
    typeChanges = List.copyOf(requireNonNull(typeChanges, "typeChanges is null"));
  }

  /** The difference from {@code registered} to {@code written}. */
  public static SchemaChange between(TableSchema registered, TableSchema written) {
    requireNonNull(registered, "registered is null");
    requireNonNull(written, "written is null");
    Map<String, StructField> before = byName(registered.dataColumns().fields());
    Map<String, StructField> after = byName(written.dataColumns().fields());
    List<StructField> added = new ArrayList<>();
    List<String> typeChanges = new ArrayList<>();
    for (Map.Entry<String, StructField> column : after.entrySet()) {
      StructField old = before.get(column.getKey());
      if (old == null) {
        added.add(column.getValue());
      } else if (!TableSchema.typeName(old).equals(TableSchema.typeName(column.getValue()))) {
        typeChanges.add(
            column.getValue().name()
                + ": "
                + TableSchema.typeName(old)
                + " -> "
                + TableSchema.typeName(column.getValue()));
      }
    }
    List<String> dropped =
        before.entrySet().stream()
            .filter(column -> !after.containsKey(column.getKey()))
            .map(column -> column.getValue().name())
            .toList();
    return new SchemaChange(
        added,
        dropped,
        typeChanges,
        !signature(registered.partitionColumns().fields())
            .equals(signature(written.partitionColumns().fields())));
  }

  /** True when the schemas are the same. */
  public boolean none() {
    return added.isEmpty() && compatible();
  }

  /** True when applying the change only adds columns. */
  public boolean compatible() {
    return dropped.isEmpty() && typeChanges.isEmpty() && !partitioningChanged;
  }

  /** The differences in words, e.g. {@code type changed: delay: int -> string; dropped: x}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add(
          "added: "
              + String.join(
                  ", ",
                  added.stream()
                      .map(field -> field.name() + " " + TableSchema.typeName(field))
                      .toList()));
    }
    if (!typeChanges.isEmpty()) {
      parts.add("type changed: " + String.join(", ", typeChanges));
    }
    if (!dropped.isEmpty()) {
      parts.add("dropped: " + String.join(", ", dropped));
    }
    if (partitioningChanged) {
      parts.add("partition columns changed");
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  private static Map<String, StructField> byName(StructField[] fields) {
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField field : fields) {
      byName.put(field.name().toLowerCase(Locale.ROOT), field);
    }
    return byName;
  }

  private static List<String> signature(StructField[] fields) {
    List<String> signature = new ArrayList<>();
    for (StructField field : fields) {
      signature.add(field.name().toLowerCase(Locale.ROOT) + " " + TableSchema.typeName(field));
    }
    return signature;
  }
}
