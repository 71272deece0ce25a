package dev.lakeetl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts rows with DuckDB, so every benchmark variant is checked the same way.
 *
 * <p>Usage: {@code CountRows json <file>...} prints {@code <file> <rows>} per NDJSON file; {@code
 * CountRows parquet <directory>} prints {@code <directory> <rows>} over the Parquet data files
 * below it, skipping folders whose names start with {@code _} or {@code .} (quarantine, reports,
 * staging), the way Spark and Hive do. {@code CountRows report <run report json>} prints the counts
 * of a raw-to-refined run report: {@code <read> <written> <quarantined> <duplicates removed>}.
 * {@code CountRows same <directory> <directory>} compares two refined flights tables row by row
 * (the five data columns and the partition folder of each row, duplicates counted) and prints
 * {@code <rows only in the first> <rows only in the second>}: what shows that two variants did the
 * same conversion. The ingest columns are left out: they name the run, and which of two equal
 * records survives (so its source file) may differ.
 */
public final class CountRows {
  private CountRows() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "Cannot count rows: usage CountRows json <file>... | parquet <directory> | report <file>"
              + " | same <directory> <directory>");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = 2");
      switch (args[0]) {
        case "json" -> {
          for (int index = 1; index < args.length; index++) {
            String from =
                "read_json_auto(" + sqlString(args[index]) + ", format = 'newline_delimited')";
            System.out.println(args[index] + " " + count(statement, from));
          }
        }
        case "parquet" -> {
          Path directory = Path.of(args[1]);
          List<Path> files = dataFiles(directory);
          long rows = 0;
          if (!files.isEmpty()) {
            String list =
                files.stream()
                    .map(file -> sqlString(file.toString()))
                    .collect(Collectors.joining(", ", "[", "]"));
            rows = count(statement, "read_parquet(" + list + ", hive_partitioning = false)");
          }
          System.out.println(directory + " " + rows);
        }
        case "report" -> {
          String sql =
              "SELECT counts.read, counts.written, counts.quarantined, counts.duplicatesRemoved"
                  + " FROM read_json_auto("
                  + sqlString(args[1])
                  + ")";
          try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
              throw new IllegalArgumentException(
                  "Cannot read run report: " + args[1] + " is empty");
            }
            System.out.println(
                result.getLong(1)
                    + " "
                    + result.getLong(2)
                    + " "
                    + result.getLong(3)
                    + " "
                    + result.getLong(4));
          }
        }
        case "same" -> {
          if (args.length != 3) {
            throw new IllegalArgumentException(
                "Cannot compare tables: usage CountRows same <directory> <directory>");
          }
          // Timestamps Spark wrote (UTC-adjusted) become plain ones in this zone.
          statement.execute("SET TimeZone = 'UTC'");
          String first = refinedRows(Path.of(args[1]));
          String second = refinedRows(Path.of(args[2]));
          System.out.println(
              count(statement, "(" + first + " EXCEPT ALL " + second + ")")
                  + " "
                  + count(statement, "(" + second + " EXCEPT ALL " + first + ")"));
        }
        default ->
            throw new IllegalArgumentException(
                "Cannot count rows: unknown mode '"
                    + args[0]
                    + "', expected json, parquet, report or same");
      }
    }
  }

  /**
   * The rows of a refined flights table: data columns (the departure time as microseconds since the
   * epoch, so UTC-adjusted and plain timestamps compare) and the partition folder of the file.
   */
  private static String refinedRows(Path directory) throws Exception {
    List<Path> files = dataFiles(directory);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot compare tables: no Parquet files under " + directory);
    }
    String list =
        files.stream()
            .map(file -> sqlString(file.toString()))
            .collect(Collectors.joining(", ", "[", "]"));
    return "SELECT epoch_us(departure_time::TIMESTAMP) AS departure_us, delay, distance, origin,"
        + " destination, regexp_extract(filename, 'year=[^/]*/month=[^/]*/day=[^/]*') AS partition"
        + " FROM read_parquet("
        + list
        + ", hive_partitioning = false, filename = true)";
  }

  private static List<Path> dataFiles(Path directory) throws Exception {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("Cannot count rows: no directory " + directory);
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths
          .filter(path -> path.getFileName().toString().endsWith(".parquet"))
          .filter(path -> !hidden(directory.relativize(path)))
          .sorted()
          .toList();
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static long count(Statement statement, String from) throws Exception {
    try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + from)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static String sqlString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
