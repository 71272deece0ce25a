package dev.lakeetl.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The DuckDB variant of the benchmark: the same raw-to-refined conversion as the Spark jobs, done
 * by DuckDB through its JDBC driver in one process.
 *
 * <p>Reads NDJSON flights with an explicit schema, parses {@code date} ({@code yyyy/MM/dd HH:mm}),
 * adds year/month/day and writes snappy Parquet partitioned by them. Usage: {@code DuckDbFlights
 * <raw flights directory> <output directory> <threads>}.
 */
public final class DuckDbFlights {
  private DuckDbFlights() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "Cannot run DuckDB flights: usage DuckDbFlights <raw flights dir> <output dir> <threads>");
    }
    String input = Path.of(args[0]).toAbsolutePath().resolve("*.json").toString();
    String output = Path.of(args[1]).toAbsolutePath().toString();
    int threads = Integer.parseInt(args[2]);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute(
          "COPY (SELECT date, delay, distance, origin, destination,"
              + " year(date) AS year, month(date) AS month, day(date) AS day"
              + " FROM (SELECT strptime(date, '%Y/%m/%d %H:%M') AS date, delay, distance,"
              + " origin, destination FROM read_json('"
              + input.replace("'", "''")
              + "', format = 'newline_delimited', columns = {date: 'VARCHAR', delay: 'INTEGER',"
              + " distance: 'INTEGER', origin: 'VARCHAR', destination: 'VARCHAR'})))"
              + " TO '"
              + output.replace("'", "''")
              + "' (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (year, month, day),"
              + " OVERWRITE_OR_IGNORE)");
    }
  }
}
