package dev.lakeetl.jobs.refine;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The raw-to-refined job run in-process on a config a test writes: tests give the config's lines
 * and each run's id and extra arguments, and see only their scenario.
 */
final class RefineRun {
  /** The job name of the flights configs. */
  static final String JOB = "flights-raw-to-refined";

  private RefineRun() {}

  /**
   * The lines every flights config starts with: job {@link #JOB}, local runtime, and a JSON source
   * at {@code path} with {@code schema} whose timestamps read {@code yyyy/MM/dd HH:mm}.
   */
  static List<String> jsonSource(String path, String schema) {
    return List.of(
        "job.name: " + JOB,
        "runtime: local",
        "source:",
        "  path: " + path,
        "  format: json",
        "  schema: \"" + schema + "\"",
        "  timestamp-format: \"yyyy/MM/dd HH:mm\"");
  }

  /**
   * {@link #jsonSource} over the day folders {@code raw/flights/<yyyy>/<MM>/<dd>} of {@code
   * directory}, one per run date.
   */
  static List<String> datedJsonSource(Path directory, String schema) {
    return jsonSource(directory.resolve("raw/flights") + "/{yyyy}/{MM}/{dd}", schema);
  }

  /**
   * The lines after {@link #jsonSource} that flights configs share: {@code date} renamed to {@code
   * departure_time}, which is the event time, and the table at {@code table} partitioned by year,
   * month and day, with its quarantine at {@code quarantine}. Tests add their own settings as
   * dotted keys ({@code transform.required: [origin]}).
   */
  static List<String> dailyTable(Path table, Path quarantine) {
    return List.of(
        "transform:",
        "  rename: {date: departure_time}",
        "  event-time: departure_time",
        "target:",
        "  path: " + table,
        "  partition-by: [year, month, day]",
        "quarantine.path: " + quarantine);
  }

  /**
   * The flights job of {@code directory}: JSON flights in {@code raw/flights}, each needing a
   * departure time, origin and destination and deduplicated on them, refined into {@code
   * refined/flights} by day, rejected records into {@code quarantine/flights}.
   */
  static List<String> checkedFlights(Path directory) {
    List<String> lines =
        new ArrayList<>(
            jsonSource(
                directory.resolve("raw/flights").toString(),
                "date TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING"));
    lines.addAll(
        dailyTable(directory.resolve("refined/flights"), directory.resolve("quarantine/flights")));
    lines.addAll(
        List.of(
            "transform.required: [departure_time, origin, destination]",
            "transform.dedupe-key: [departure_time, origin, destination]"));
    return List.copyOf(lines);
  }

  /** Writes {@code lines} as {@code conf/<name>} under {@code directory}; returns its path. */
  static Path writeConfig(Path directory, String name, List<String> lines) throws IOException {
    Path config = directory.resolve("conf").resolve(name);
    Files.createDirectories(config.getParent());
    Files.write(config, lines, StandardCharsets.UTF_8);
    return config;
  }

  /**
   * Writes {@code lines} as {@code conf/flights.yaml} under {@code directory}; returns its path.
   */
  static Path writeConfig(Path directory, List<String> lines) throws IOException {
    return writeConfig(directory, "flights.yaml", lines);
  }

  /** Runs the job on {@code config} as {@code runId}, with {@code extra} arguments after those. */
  static RunReport run(Path config, String runId, String... extra) {
    List<String> arguments =
        new ArrayList<>(List.of("--config", config.toString(), "--run-id", runId));
    arguments.addAll(Arrays.asList(extra));
    return new RawToRefinedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of())
        .run(Clock.systemUTC());
  }
}
