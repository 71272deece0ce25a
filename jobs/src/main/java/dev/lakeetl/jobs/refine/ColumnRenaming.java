package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Gives the data columns their refined names; internal columns keep theirs. */
public final class ColumnRenaming {
  private ColumnRenaming() {}

  /** Renames the data columns of the input as the mapping says, keeping their order. */
  public static Dataset<Row> apply(Dataset<Row> input, ColumnMapping mapping) {
    requireNonNull(input, "input is null");
    requireNonNull(mapping, "mapping is null");
    List<Column> projection = new ArrayList<>();
    for (String column : input.columns()) {
      String refined = mapping.refinedBySource().getOrDefault(column, column);
      projection.add(col(SqlIdentifiers.quoted(column)).as(refined));
    }
    return input.select(projection.toArray(Column[]::new));
  }
}
