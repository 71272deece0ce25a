package dev.lakeetl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
