package dev.lakeetl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Converts the vega-datasets {@code flights-3m.parquet} into NDJSON files that look exactly like
 * the bundled sample ({@code {"date":"2001/01/01 06:55","delay":-19,...}}), so the job's own
 * configuration reads them unchanged.
 *
 * <p>Run with the single-file source launcher: {@code java -cp duckdb_jdbc.jar FlightsToNdjson.java
 * <flights-3m.parquet> <output directory> <file count>}. Files are written into a temporary sibling
 * directory and moved into place at the end, so an interrupted run never leaves a half-written data
 * set behind.
 */
public final class FlightsToNdjson {
  private FlightsToNdjson() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "Cannot convert flights: usage FlightsToNdjson <parquet> <output directory> <files>");
    }
    Path parquet = Path.of(args[0]).toAbsolutePath();
    Path output = Path.of(args[1]).toAbsolutePath();
    int files = Integer.parseInt(args[2]);
    if (!Files.isRegularFile(parquet)) {
      throw new IllegalArgumentException("Cannot convert flights: no file " + parquet);
    }
    Path staging = output.resolveSibling(output.getFileName() + ".tmp");
    deleteRecursively(staging);
    Files.createDirectories(staging);

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      // Row numbers keep the package's record order; each file gets one contiguous slice.
      statement.execute(
          "CREATE TABLE flights AS SELECT row_number() OVER () - 1 AS row_index,"
              + " strftime(date, '%Y/%m/%d %H:%M') AS date, delay, distance, origin, destination"
              + " FROM read_parquet('"
              + sqlString(parquet)
              + "')");
      long rows = scalar(statement, "SELECT count(*) FROM flights");
      long perFile = (rows + files - 1) / files;
      for (int file = 0; file < files; file++) {
        Path target = staging.resolve(String.format("part-%05d.json", file));
        statement.execute(
            "COPY (SELECT date, delay, distance, origin, destination FROM flights"
                + " WHERE row_index >= "
                + (file * perFile)
                + " AND row_index < "
                + ((file + 1) * perFile)
                + " ORDER BY row_index) TO '"
                + sqlString(target)
                + "' (FORMAT JSON)");
      }
    }
    deleteRecursively(output);
    Files.createDirectories(output.getParent());
    Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("Wrote " + files + " NDJSON files to " + output);
  }

  private static long scalar(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static String sqlString(Path path) {
    return path.toString().replace("'", "''");
  }

  private static void deleteRecursively(Path path) throws Exception {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
