package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.testing.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What the streaming end-to-end tests share: starting the streaming jar through the launcher in the
 * background, waiting on its checkpoint and output, and reading its run report.
 */
final class StreamingRuns {
  /** Generous: the job's progress on a loaded 2-core machine; never a timing assertion. */
  static final Duration WAIT = Duration.ofMinutes(6);

  private StreamingRuns() {}

  /**
   * The arguments every streaming end-to-end run shares, then {@code specific} ones (the source,
   * windows): the shipped config on {@code local[2]}, the test flights' schema, one-second
   * triggers, and the refined table, quarantine, checkpoint and reports in {@code folder}.
   */
  static List<String> arguments(Path folder, String... specific) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "streaming",
                "--config",
                "conf/flights-streaming.yaml",
                "--env",
                "local",
                "--spark.master",
                "local[2]",
                "--decode.schema",
                StreamedFlights.SCHEMA,
                "--target.path",
                folder.resolve("refined").toString(),
                "--quarantine.path",
                folder.resolve("quarantine").toString(),
                "--report.path",
                folder.resolve("reports").toString(),
                "--stream.checkpoint-path",
                folder.resolve("checkpoint").toString(),
                "--stream.trigger-interval",
                "1 second",
                "--stream.report-interval",
                "2 seconds"));
    arguments.addAll(List.of(specific));
    return List.copyOf(arguments);
  }

  /** Starts bin/etl-submit in the background, its output in tests/target/e2e-logs/<name>.log. */
  static Process start(String name, Map<String, String> environment, List<String> arguments) {
    Map<String, String> withMemory = new HashMap<>(environment);
    withMemory.put("ETL_DRIVER_MEMORY", "1g");
    return EtlSubmit.start(Repository.etlSubmit(), name, Map.copyOf(withMemory), arguments)
        .process();
  }

  /** Waits until {@code condition} holds; fails when the job exits or after {@link #WAIT}. */
  static void waitFor(String what, Process job, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (!job.isAlive()) {
        throw new AssertionError(
            "Cannot wait for " + what + ": the job exited with " + job.exitValue());
      }
      if (System.nanoTime() > deadline) {
        ProcessTree.destroy(job);
        throw new AssertionError("Cannot wait for " + what + ": not done after " + WAIT);
      }
      Thread.sleep(1000);
    }
  }

  /** Entries of a folder, hidden ones (temporary files) left out; 0 when it does not exist. */
  static long files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(path -> !path.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows in a table so far (its files are moved in per batch); 0 before the first. */
  /** Deletes a folder and everything in it. */
  static void delete(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }

  static long rows(SparkSession spark, Path table) {
    if (!Files.isDirectory(table)) {
      return 0;
    }
    try {
      return spark.read().parquet(table.toString()).count();
    } catch (Exception e) {
      // No data file yet (e.g. no window closed): Spark cannot infer a schema and throws
      // AnalysisException, which is checked in Java but thrown undeclared.
      return 0;
    }
  }

  /** The newest run report in {@code reports}. */
  static JsonNode latestReport(Path reports) throws IOException {
    try (Stream<Path> files = Files.list(reports)) {
      List<Path> json =
          files
              .filter(path -> path.toString().endsWith(".json"))
              .sorted()
              .collect(Collectors.toList());
      assertThat(json).isNotEmpty();
      return new ObjectMapper().readTree(json.get(json.size() - 1).toFile());
    }
  }
}
