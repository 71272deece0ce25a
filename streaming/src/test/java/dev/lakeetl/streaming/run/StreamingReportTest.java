package dev.lakeetl.streaming.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.streaming.sink.BatchCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamingReportTest {
  private static final Instant STARTED = Instant.parse("2026-11-23T16:01:02.125Z");

  private static StreamingReport failed() {
    return new StreamingReport(
        new RunHeader<>(
            "run-1",
            "flights-streaming",
            StreamingStatus.FAILED,
            STARTED.plusNanos(1),
            STARTED.plusMillis(90_000),
            Optional.of("Query refined failed")),
        new BatchCounts(990, 10, 12, 2),
        List.of(
            new QueryProgress(
                "refined",
                7,
                120,
                12.0,
                Double.POSITIVE_INFINITY,
                300,
                Map.of("maxOffsetsBehindLatest", "0"))),
        List.of(new RuleTally("origin_present", "completeness", "warn", 7, 1, 3)),
        Map.of("target", Optional.of("out/refined"), "windows", Optional.empty()));
  }

  @Test
  void jsonKeepsTheStreamingLayout() throws Exception {
    JsonNode json = new ObjectMapper().readTree(failed().toJson());

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "version",
            "kind",
            "runId",
            "job",
            "status",
            "startedAt",
            "updatedAt",
            "counts",
            "queries",
            "quality",
            "outputs",
            "error");
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("kind").asText()).isEqualTo("streaming");
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-23T16:01:02.125Z");
    assertThat(json.get("updatedAt").asText()).isEqualTo("2026-11-23T16:02:32.125Z");
    assertThat(json.get("counts").fieldNames())
        .toIterable()
        .containsExactly("read", "refined", "quarantined", "windowRows", "lateRows");
    assertThat(json.get("counts").get("lateRows").asLong()).isEqualTo(2);
    assertThat(json.get("queries").get(0).get("processedRowsPerSecond").asDouble()).isZero();
    assertThat(json.get("quality").get(0).get("brokenBatches").asLong()).isEqualTo(1);
    assertThat(json.get("outputs").fieldNames()).toIterable().containsExactly("target", "windows");
    assertThat(json.get("outputs").get("windows").isNull()).isTrue();
    assertThat(json.get("error").asText()).isEqualTo("Query refined failed");
  }

  @Test
  void summaryLineCountsBrokenRulesAndEndsWithTheError() {
    assertThat(failed().summaryLine("out/_reports/run-1.json"))
        .isEqualTo(
            "Run run-1 of flights-streaming FAILED: read 1,000 = refined 990 + quarantined 10;"
                + " 12 window rows (2 late rows counted in no window); 1 quality rules broken in 1 batches; 90.0 s;"
                + " report out/_reports/run-1.json; error: Query refined failed");
  }
}
