package dev.lakeetl.testing;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;

/** What Spark reading a Parquet table by path sees, one text line per row. */
public final class TableRows {
  private TableRows() {}

  /** The STRING {@code expression} of every row of the table at {@code table}, sorted. */
  public static List<String> sorted(Path table, String expression) {
    return SharedSpark.session()
        .read()
        .parquet(table.toString())
        .selectExpr(expression + " AS row")
        .orderBy("row")
        .as(Encoders.STRING())
        .collectAsList();
  }
}
