package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The JSON form of a {@link RunReport}. The layout is explicit (no reflection) so that it only
 * changes together with {@link RunReport#FORMAT_VERSION}:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "runId": "20261123T160102Z-3f9a1c",
 *   "job": "flights-raw-to-refined",
 *   "status": "SUCCEEDED",
 *   "startedAt": "2026-11-23T16:01:02.125Z",
 *   "finishedAt": "2026-11-23T16:01:16.301Z",
 *   "inputs": {"fileCount": 2, "totalBytes": 1234, "truncated": false,
 *              "files": [{"path": "s3://bucket/raw/flights/a.json", "bytes": 617}, ...]},
 *   "counts": {"read": 10012, "written": 10000, "quarantined": 7, "duplicatesRemoved": 5},
 *   "partitionsWritten": ["year=2001/month=01/day=01", ...],
 *   "outputs": {"target": "...", "quarantine": "..." or null, "report": "..."},
 *   "durationsMs": {"plan": 210, "write": 13002, "quarantine": 800, "total": 14176},
 *   "error": null,
 *   "datasets": [{"name": "flights", "role": "INPUT", "path": "...", "rows": 10000,
 *                 "partitions": []}, ...],
 *   "quality": [{"rule": "origin-complete", "type": "completeness", "severity": "fail",
 *                "status": "PASSED", "measured": 1.0, "threshold": ">= 1",
 *                "failedRows": 0, "note": null}, ...]
 * }
 * }</pre>
 *
 * <p>{@code datasets} (rows per named input and output) was added to version 1 without a version
 * change: it is optional on read, so reports written before it still read, with no datasets.
 */
public final class RunReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunReportJson() {}

  /** The report as pretty-printed JSON. */
  public static String toJson(RunReport report) {
    requireNonNull(report, "report is null");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", RunReport.FORMAT_VERSION);
    root.put("runId", report.runId());
    root.put("job", report.job());
    root.put("status", report.status().name());
    root.put("startedAt", report.startedAt().toString());
    root.put("finishedAt", report.finishedAt().toString());

    ObjectNode inputs = root.putObject("inputs");
    inputs.put("fileCount", report.inputs().fileCount());
    inputs.put("totalBytes", report.inputs().totalBytes());
    inputs.put("truncated", report.inputs().truncated());
    ArrayNode files = inputs.putArray("files");
    for (InputFile file : report.inputs().files()) {
      files.addObject().put("path", file.path()).put("bytes", file.bytes());
    }

    ObjectNode counts = root.putObject("counts");
    counts.put("read", report.counts().read());
    counts.put("written", report.counts().written());
    counts.put("quarantined", report.counts().quarantined());
    counts.put("duplicatesRemoved", report.counts().duplicatesRemoved());

    ArrayNode partitions = root.putArray("partitionsWritten");
    report.partitionsWritten().forEach(partitions::add);

    ObjectNode outputs = root.putObject("outputs");
    outputs.put("target", report.outputs().target());
    outputs.put("quarantine", report.outputs().quarantine().orElse(null));
    outputs.put("report", report.outputs().report());

    ObjectNode durations = root.putObject("durationsMs");
    report.durationsMillis().forEach(durations::put);

    root.put("error", report.error().orElse(null));

    ArrayNode datasets = root.putArray("datasets");
    for (DatasetCounts dataset : report.datasets()) {
      ObjectNode node = datasets.addObject();
      node.put("name", dataset.name());
      node.put("role", dataset.role().name());
      node.put("path", dataset.path());
      node.put("rows", dataset.rows());
      ArrayNode datasetPartitions = node.putArray("partitions");
      dataset.partitions().forEach(datasetPartitions::add);
    }

    ArrayNode quality = root.putArray("quality");
    for (QualityCheck check : report.quality()) {
      ObjectNode node = quality.addObject();
      node.put("rule", check.rule());
      node.put("type", check.type());
      node.put("severity", check.severity());
      node.put("status", check.status());
      if (check.measured().isPresent()) {
        node.put("measured", check.measured().getAsDouble());
      } else {
        node.putNull("measured");
      }
      node.put("threshold", check.threshold());
      if (check.failedRows().isPresent()) {
        node.put("failedRows", check.failedRows().getAsLong());
      } else {
        node.putNull("failedRows");
      }
      node.put("note", check.note().orElse(null));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write run report " + report.runId() + " as JSON", e);
    }
  }

  /**
   * Parses a report written by {@link #toJson(RunReport)}.
   *
   * @param json the JSON text
   * @param source where the text came from, used in error messages
   * @throws IllegalArgumentException naming the source when the text is not a version {@value
   *     RunReport#FORMAT_VERSION} report
   */
  public static RunReport fromJson(String json, String source) {
    requireNonNull(json, "json is null");
    requireNonNull(source, "source is null");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot read run report " + source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Cannot read run report " + source + ": not an object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isInt()) {
      throw new IllegalArgumentException(
          "Cannot read run report " + source + ": missing integer field 'version'");
    }
    if (version.intValue() != RunReport.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Cannot read run report "
              + source
              + ": format version "
              + version.intValue()
              + " is not supported (this build reads version "
              + RunReport.FORMAT_VERSION
              + ")");
    }
    try {
      JsonNode inputs = required(root, "inputs");
      List<InputFile> files = new ArrayList<>();
      for (JsonNode file : required(inputs, "files")) {
        files.add(new InputFile(text(file, "path"), number(file, "bytes")));
      }
      JsonNode counts = required(root, "counts");
      List<String> partitions = new ArrayList<>();
      for (JsonNode partition : required(root, "partitionsWritten")) {
        partitions.add(partition.asText());
      }
      JsonNode outputs = required(root, "outputs");
      Map<String, Long> durations = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> steps = required(root, "durationsMs").fields();
      while (steps.hasNext()) {
        Map.Entry<String, JsonNode> step = steps.next();
        durations.put(step.getKey(), step.getValue().asLong());
      }
      List<DatasetCounts> datasets = new ArrayList<>();
      JsonNode datasetNodes = root.get("datasets");
      if (datasetNodes != null && !datasetNodes.isNull()) {
        for (JsonNode dataset : datasetNodes) {
          List<String> written = new ArrayList<>();
          for (JsonNode partition : required(dataset, "partitions")) {
            written.add(partition.asText());
          }
          datasets.add(
              new DatasetCounts(
                  text(dataset, "name"),
                  DatasetCounts.Role.valueOf(text(dataset, "role")),
                  text(dataset, "path"),
                  number(dataset, "rows"),
                  written));
        }
      }
      return new RunReport(
          text(root, "runId"),
          text(root, "job"),
          RunStatus.valueOf(text(root, "status")),
          Instant.parse(text(root, "startedAt")),
          Instant.parse(text(root, "finishedAt")),
          new RunInputs(number(inputs, "fileCount"), number(inputs, "totalBytes"), files),
          new RunCounts(
              number(counts, "read"),
              number(counts, "written"),
              number(counts, "quarantined"),
              number(counts, "duplicatesRemoved")),
          partitions,
          new RunOutputs(
              text(outputs, "target"),
              optionalText(outputs, "quarantine"),
              text(outputs, "report")),
          durations,
          optionalText(root, "error"),
          datasets,
          quality(root));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot read run report " + source + ": bad timestamp: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot read run report " + source + ": " + e.getMessage(), e);
    }
  }

  /** Reports written before quality results existed have no "quality" field. */
  private static List<QualityCheck> quality(JsonNode root) {
    JsonNode array = root.get("quality");
    List<QualityCheck> checks = new ArrayList<>();
    if (array == null || array.isNull()) {
      return checks;
    }
    for (JsonNode check : array) {
      JsonNode measured = check.get("measured");
      JsonNode failedRows = check.get("failedRows");
      checks.add(
          new QualityCheck(
              text(check, "rule"),
              text(check, "type"),
              text(check, "severity"),
              text(check, "status"),
              measured == null || measured.isNull()
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(measured.asDouble()),
              text(check, "threshold"),
              failedRows == null || failedRows.isNull()
                  ? OptionalLong.empty()
                  : OptionalLong.of(failedRows.asLong()),
              optionalText(check, "note")));
    }
    return checks;
  }

  private static JsonNode required(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return node;
  }

  private static String text(JsonNode parent, String field) {
    return required(parent, field).asText();
  }

  private static long number(JsonNode parent, String field) {
    JsonNode node = required(parent, field);
    if (!node.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' is not a number: " + node);
    }
    return node.longValue();
  }

  private static Optional<String> optionalText(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }
}
