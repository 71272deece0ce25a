package dev.lakeetl.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DuckDB in memory, reading tables the way users point it at them: by a path glob. */
final class DuckDb {
  private DuckDb() {}

  /** The first column of every row {@code sql} returns, as text. */
  static List<String> column(String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB cannot run " + sql + ": " + e.getMessage(), e);
    }
  }
}
