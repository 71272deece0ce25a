package dev.lakeetl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Small drops of flights in a test's {@code raw} folder, bad ones included, for the raw-to-refined
 * job run in-process or through its jar, and what its quarantine says about them.
 */
public final class RawDrops {
  /** The header of a CSV drop. */
  public static final String CSV_HEADER = "date,delay,distance,origin,destination";

  /** Two CSV records whose dates cannot be parsed. */
  public static final Drop CSV_WITH_BAD_DATES =
      new Drop(
          List.of(CSV_HEADER, "01.01.2001 06:55,-19,1797,LAX,BNA", "2001-01-01,5,500,SFO,JFK"),
          Map.of(
              "01.01.2001 06:55,-19,1797,LAX,BNA",
              "column 'date': value '01.01.2001 06:55' is not a valid TIMESTAMP (format"
                  + " 'yyyy/MM/dd HH:mm')",
              "2001-01-01,5,500,SFO,JFK",
              "column 'date': value '2001-01-01' is not a valid TIMESTAMP (format"
                  + " 'yyyy/MM/dd HH:mm')"));

  /** Two JSON records without some of the fields the job requires. */
  public static final Drop JSON_WITHOUT_REQUIRED_FIELDS =
      new Drop(
          List.of("{\"delay\":1,\"distance\":10}", "{\"date\":\"2001/01/01 06:55\"}"),
          Map.of(
              "{\"delay\":1,\"distance\":10}",
              "missing required field 'departure_time' (source field 'date'); missing"
                  + " required field 'origin'; missing required field 'destination'",
              "{\"date\":\"2001/01/01 06:55\"}",
              "missing required field 'origin'; missing required field 'destination'"));

  /**
   * A drop of bad records and what the quarantine says of them.
   *
   * @param lines the file's lines
   * @param quarantine raw record to reason, sorted by record as {@link #reasons} returns them
   */
  public record Drop(List<String> lines, Map<String, String> quarantine) {
    public Drop {
      lines = List.copyOf(lines);
      quarantine = Collections.unmodifiableSortedMap(new TreeMap<>(quarantine));
    }

    /** Writes the drop to {@code raw/<name>} under {@code directory}. */
    public void write(Path directory, String name) throws IOException {
      RawDrops.write(directory, name, lines.toArray(String[]::new));
    }
  }

  private RawDrops() {}

  /**
   * The job's config for the drops of {@code directory}: a {@code format} source of flights in
   * {@code raw}, each needing a departure time, origin and destination and deduplicated on all its
   * fields, refined into {@code refined} by day, rejected records into {@code quarantine}; then
   * {@code more} lines.
   */
  public static List<String> config(Path directory, String jobName, String format, String... more) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "job.name: " + jobName,
                "runtime: local",
                "source:",
                "  path: " + directory.resolve("raw"),
                "  format: " + format,
                "  schema: \"date TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING\"",
                "  timestamp-format: \"yyyy/MM/dd HH:mm\"",
                "transform:",
                "  rename: {date: departure_time}",
                "  event-time: departure_time",
                "  required: [departure_time, origin, destination]",
                "  dedupe-key: [departure_time, origin, destination, delay, distance]",
                "target:",
                "  path: " + directory.resolve("refined"),
                "  partition-by: [year, month, day]",
                "quarantine.path: " + directory.resolve("quarantine")));
    lines.addAll(Arrays.asList(more));
    return lines;
  }

  /** Writes {@code lines} to {@code raw/<name>} under {@code directory}. */
  public static void write(Path directory, String name, String... lines) throws IOException {
    Path file = directory.resolve("raw").resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
  }

  /** Bytes of a fixed seed, none of them a line break, delimiter, quote or escape. */
  public static byte[] randomBytesWithoutLineBreaks(int length) {
    Random random = new Random(15);
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      byte value;
      do {
        value = (byte) random.nextInt(256);
      } while (value == '\n' || value == '\r' || value == ',' || value == '"' || value == '\\');
      bytes[i] = value;
    }
    return bytes;
  }

  /** Raw record to reason, for every row of the quarantine in {@code folder}. */
  public static Map<String, String> reasons(Path folder) {
    Map<String, String> reasons = new TreeMap<>();
    for (Row row : SharedSpark.session().read().parquet(folder.toString()).collectAsList()) {
      reasons.put(row.getAs("raw_record"), row.getAs("reason"));
    }
    return reasons;
  }
}
