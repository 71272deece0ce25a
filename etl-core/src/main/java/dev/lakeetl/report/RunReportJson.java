package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson;
import java.util.ArrayList;
import java.util.List;
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
    putHeader(root, report.header(), "finishedAt");

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
   * Writes the fields every run report has after its version, batch or streaming: run id, job,
   * status, start time and, named {@code reportedAtField}, the time of the report.
   */
  public static void putHeader(ObjectNode root, RunHeader<?> header, String reportedAtField) {
    requireNonNull(root, "root is null");
    requireNonNull(header, "header is null");
    requireNonNull(reportedAtField, "reportedAtField is null");
    root.put("runId", header.runId());
    root.put("job", header.job());
    root.put("status", header.status().name());
    root.put("startedAt", header.startedAt().toString());
    root.put(reportedAtField, header.reportedAt().toString());
  }

  /**
   * Parses a report written by {@link #toJson(RunReport)}.
   *
   * @param text the JSON text
   * @param source where the text came from, used in error messages
   * @throws IllegalArgumentException naming the source when the text is not a version {@value
   *     RunReport#FORMAT_VERSION} report
   */
  public static RunReport fromJson(String text, String source) {
    StateJson json = StateJson.parse(text, "run report", source);
    JsonNode root = json.root();
    JsonNode version = root.get("version");
    if (version == null || !version.isInt()) {
      throw json.problem("missing integer field 'version'");
    }
    if (version.intValue() != RunReport.FORMAT_VERSION) {
      throw json.problem(
          "format version "
              + version.intValue()
              + " is not supported (this build reads version "
              + RunReport.FORMAT_VERSION
              + ")");
    }
    return json.build(() -> report(json));
  }

  /** The report of a version {@value RunReport#FORMAT_VERSION} document. */
  private static RunReport report(StateJson json) {
    JsonNode root = json.root();
    JsonNode inputs = json.required(root, "inputs");
    List<InputFile> files = new ArrayList<>();
    for (JsonNode file : json.required(inputs, "files")) {
      files.add(new InputFile(json.text(file, "path"), json.number(file, "bytes")));
    }
    JsonNode counts = json.required(root, "counts");
    List<String> partitions = new ArrayList<>();
    for (JsonNode partition : json.required(root, "partitionsWritten")) {
      partitions.add(partition.asText());
    }
    JsonNode outputs = json.required(root, "outputs");
    List<DatasetCounts> datasets = new ArrayList<>();
    JsonNode datasetNodes = root.get("datasets");
    if (datasetNodes != null && !datasetNodes.isNull()) {
      for (JsonNode dataset : datasetNodes) {
        List<String> written = new ArrayList<>();
        for (JsonNode partition : json.required(dataset, "partitions")) {
          written.add(partition.asText());
        }
        datasets.add(
            new DatasetCounts(
                json.text(dataset, "name"),
                json.constant(dataset, "role", DatasetCounts.Role.class),
                json.text(dataset, "path"),
                json.number(dataset, "rows"),
                written));
      }
    }
    return new RunReport(
        new RunHeader<>(
            json.text(root, "runId"),
            json.text(root, "job"),
            json.constant(root, "status", RunStatus.class),
            json.instant(root, "startedAt"),
            json.instant(root, "finishedAt"),
            json.optionalText(root, "error")),
        new RunInputs(json.number(inputs, "fileCount"), json.number(inputs, "totalBytes"), files),
        new RunCounts(
            json.number(counts, "read"),
            json.number(counts, "written"),
            json.number(counts, "quarantined"),
            json.number(counts, "duplicatesRemoved")),
        partitions,
        new RunOutputs(
            json.text(outputs, "target"),
            json.optionalText(outputs, "quarantine"),
            json.text(outputs, "report")),
        json.fields(root, "durationsMs", JsonNode::asLong),
        datasets,
        quality(json));
  }

  /** Reports written before quality results existed have no "quality" field. */
  private static List<QualityCheck> quality(StateJson json) {
    JsonNode array = json.root().get("quality");
    List<QualityCheck> checks = new ArrayList<>();
    if (array == null || array.isNull()) {
      return checks;
    }
    for (JsonNode check : array) {
      JsonNode measured = check.get("measured");
      JsonNode failedRows = check.get("failedRows");
      checks.add(
          new QualityCheck(
              json.text(check, "rule"),
              json.text(check, "type"),
              json.text(check, "severity"),
              json.text(check, "status"),
              measured == null || measured.isNull()
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(measured.asDouble()),
              json.text(check, "threshold"),
              failedRows == null || failedRows.isNull()
                  ? OptionalLong.empty()
                  : OptionalLong.of(failedRows.asLong()),
              json.optionalText(check, "note")));
    }
    return checks;
  }
}
