package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportJson;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.streaming.sink.BatchCounts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The run report of a streaming run, rewritten every stream.report-interval while it runs and once
 * more when it ends. JSON layout (version {@value RunReport#FORMAT_VERSION}):
 *
 * <pre>{@code
 * {"version": 1, "kind": "streaming", "runId": "...", "job": "...", "status": "RUNNING",
 *  "startedAt": "...", "updatedAt": "...",
 *  "counts": {"read": 1000, "refined": 990, "quarantined": 10, "windowRows": 12, "lateRows": 0},
 *  "queries": [{"query": "refined", "batchId": 7, "inputRows": 120, "inputRowsPerSecond": 12.0,
 *               "processedRowsPerSecond": 400.0, "batchDurationMs": 300,
 *               "sourceMetrics": {"maxOffsetsBehindLatest": "0", ...}}],
 *  "quality": [{"rule": "origin_present", "type": "completeness", "severity": "warn",
 *               "batches": 7, "brokenBatches": 1, "failedRows": 3}],
 *  "outputs": {"target": "...", "quarantine": "...", "windows": null, "checkpoint": "..."},
 *  "error": null}
 * }</pre>
 *
 * @param header which run of which job, its state, start time, the time of this report ({@code
 *     updatedAt}) and error
 * @param counts since the checkpoint was created: records read, rows written to the refined table,
 *     records written to the quarantine, window rows written, and refined rows too late for any
 *     window
 * @param queries the latest batch of every query
 * @param quality per quality rule, what the batches this process checked found
 * @param outputs target, quarantine, windows (may be absent) and checkpoint locations
 */
public record StreamingReport(
    RunHeader<StreamingStatus> header,
    BatchCounts counts,
    List<QueryProgress> queries,
    List<RuleTally> quality,
    Map<String, Optional<String>> outputs) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public StreamingReport {
    requireNonNull(header, "header is null");
    requireNonNull(counts, "counts is null");
    queries = List.copyOf(requireNonNull(queries, "queries is null"));
    quality = List.copyOf(requireNonNull(quality, "quality is null"));
    outputs = Map.copyOf(requireNonNull(outputs, "outputs is null"));
  }

  /** The report as pretty-printed JSON. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", RunReport.FORMAT_VERSION);
    root.put("kind", "streaming");
    RunReportJson.putHeader(root, header, "updatedAt");
    ObjectNode countsNode = root.putObject("counts");
    countsNode.put("read", counts.read());
    countsNode.put("refined", counts.refined());
    countsNode.put("quarantined", counts.quarantined());
    countsNode.put("windowRows", counts.windowRows());
    countsNode.put("lateRows", counts.lateRows());
    for (QueryProgress progress : queries) {
      ObjectNode query = root.withArray("queries").addObject();
      query.put("query", progress.query());
      query.put("batchId", progress.batchId());
      query.put("inputRows", progress.inputRows());
      query.put("inputRowsPerSecond", finite(progress.inputRowsPerSecond()));
      query.put("processedRowsPerSecond", finite(progress.processedRowsPerSecond()));
      query.put("batchDurationMs", progress.batchDurationMillis());
      ObjectNode metrics = query.putObject("sourceMetrics");
      new TreeMap<>(progress.sourceMetrics()).forEach(metrics::put);
    }
    if (queries.isEmpty()) {
      root.putArray("queries");
    }
    ArrayNode qualityNode = root.putArray("quality");
    for (RuleTally tally : quality) {
      ObjectNode rule = qualityNode.addObject();
      rule.put("rule", tally.rule());
      rule.put("type", tally.type());
      rule.put("severity", tally.severity());
      rule.put("batches", tally.batches());
      rule.put("brokenBatches", tally.brokenBatches());
      rule.put("failedRows", tally.failedRows());
    }
    ObjectNode outputNode = root.putObject("outputs");
    new TreeMap<>(outputs).forEach((name, path) -> outputNode.put(name, path.orElse(null)));
    root.put("error", header.error().orElse(null));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write streaming report " + header.runId() + " as JSON", e);
    }
  }

  /** One line for the log at the end of a run. */
  public String summaryLine(String location) {
    String activity =
        String.format(
            Locale.ROOT,
            "read %,d = refined %,d + quarantined %,d; %,d window rows",
            counts.read(),
            counts.refined(),
            counts.quarantined(),
            counts.windowRows());
    if (counts.lateRows() > 0) {
      activity +=
          String.format(Locale.ROOT, " (%,d late rows counted in no window)", counts.lateRows());
    }
    if (!quality.isEmpty()) {
      activity +=
          String.format(
              Locale.ROOT,
              "; %d quality rules broken in %,d batches",
              quality.stream().filter(rule -> rule.brokenBatches() > 0).count(),
              quality.stream().mapToLong(RuleTally::brokenBatches).sum());
    }
    return header.summaryLine(activity, header.elapsed(), location);
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0.0;
  }
}
