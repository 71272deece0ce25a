package dev.lakeetl.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The DuckDB variant of the benchmark: the same raw-to-refined conversion as the Spark jobs, done
 * by DuckDB through its JDBC driver in one process.
 *
 * <p>Reads NDJSON flights with an explicit schema, parses {@code date} ({@code yyyy/MM/dd HH:mm})
 * into {@code departure_time}, leaves out records without a valid departure time, origin or
 * destination, keeps one record per dedupe key (every field; its first source file), adds the
 * ingest columns and writes snappy Parquet partitioned by zero-padded year/month/day: the table
 * {@code conf/flights-raw-to-refined.yaml} describes. Usage: {@code DuckDbFlights <raw flights
 * directory> <output directory> <threads>}.
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
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute(
          "COPY (SELECT departure_time, delay, distance, origin, destination,"
              + " min(filename) AS ingest_source_file, current_timestamp::TIMESTAMP AS ingest_time,"
              + " 'duckdb' AS ingest_run_id, strftime(departure_time, '%Y') AS year,"
              + " strftime(departure_time, '%m') AS month, strftime(departure_time, '%d') AS day"
              + " FROM (SELECT try_strptime(date, '%Y/%m/%d %H:%M') AS departure_time, delay,"
              + " distance, origin, destination, filename FROM read_json('"
              + input.replace("'", "''")
              + "', format = 'newline_delimited', filename = true, columns = {date: 'VARCHAR',"
              + " delay: 'INTEGER', distance: 'INTEGER', origin: 'VARCHAR',"
              + " destination: 'VARCHAR'}))"
              + " WHERE departure_time IS NOT NULL AND origin IS NOT NULL"
              + " AND destination IS NOT NULL"
              + " GROUP BY departure_time, delay, distance, origin, destination)"
              + " TO '"
              + output.replace("'", "''")
              + "' (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (year, month, day),"
              + " OVERWRITE_OR_IGNORE)");
    }
  }
}
