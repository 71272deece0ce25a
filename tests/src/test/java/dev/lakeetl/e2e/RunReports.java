package dev.lakeetl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the run reports a job wrote, as plain JSON (the documented format, not the classes). */
final class RunReports {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunReports() {}

  /** Every {@code .json} report under a report folder, oldest run id first. */
  static List<Path> list(Path reportFolder) {
    if (!Files.isDirectory(reportFolder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(reportFolder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + reportFolder, e);
    }
  }

  static JsonNode parse(String json, String source) {
    try {
      JsonNode report = MAPPER.readTree(json);
      if (report == null || !report.isObject()) {
        throw new AssertionError("Run report " + source + " is not a JSON object: " + json);
      }
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse run report " + source, e);
    }
  }

  static JsonNode read(Path file) {
    return parse(EtlSubmit.read(file), file.toString());
  }

  static long count(JsonNode report, String name) {
    JsonNode value = report.path("counts").path(name);
    if (!value.isIntegralNumber()) {
      throw new AssertionError("Run report has no integer counts." + name + ": " + report);
    }
    return value.longValue();
  }

  /** The paths of {@code inputs.files}, as the job listed them. */
  static List<String> inputFiles(JsonNode report) {
    List<String> files = new ArrayList<>();
    report.path("inputs").path("files").forEach(file -> files.add(file.path("path").asText()));
    return List.copyOf(files);
  }

  static List<String> partitionsWritten(JsonNode report) {
    List<String> partitions = new ArrayList<>();
    report.path("partitionsWritten").forEach(partition -> partitions.add(partition.asText()));
    return List.copyOf(partitions);
  }
}
