package dev.lakeetl.streaming.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.streaming.decode.DecodeConfig;
import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.decode.SourceRows;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.sink.EventPartitioning;
import dev.lakeetl.streaming.sink.OnePassSink;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real streaming query (Spark's rate source turned into JSON records) through the one-pass sink
 * with a fail rule that the first batch breaks: the run ends FAILED, the report names the rule and
 * the batch, and nothing was published.
 */
class FailRuleStopsTheStreamTest {
  @TempDir Path folder;

  @Test
  void aBrokenFailRuleStopsTheRunWithTheRuleInTheReport() throws Exception {
    SparkSession spark = SharedSpark.session();
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    DecodeConfig json = SourceRows.json("id BIGINT, departure_time TIMESTAMP", "departure_time");
    Dataset<Row> records =
        spark
            .readStream()
            .format("rate")
            .option("rowsPerSecond", 20)
            .load()
            .select(
                concat(
                        lit("{\"id\":"),
                        col("value").cast("string"),
                        lit(",\"departure_time\":\"2001-01-01T06:55:00Z\"}"))
                    .cast("binary")
                    .as(SourceRecords.PAYLOAD),
                concat(lit("rate/0/"), col("value").cast("string")).as(SourceRecords.POSITION),
                current_timestamp().as(SourceRecords.ARRIVAL_TIME));
    BatchQuality quality =
        new BatchQuality(
            QualityConfig.rules(
                dev.lakeetl.config.Settings.of(
                    QualityKeys.RULE_SCHEMA,
                    Map.of(
                        "quality.rules.no-rows.type",
                        "row-count",
                        "quality.rules.no-rows.max",
                        "0"))));
    OnePassSink sink =
        new OnePassSink(
            new OnePassSink.Layout(
                folder.resolve("refined").toString(),
                folder.resolve("quarantine").toString(),
                folder.resolve("checkpoint/sink").toString(),
                "departure_time",
                EventPartitioning.DAILY,
                "snappy",
                1_000_000),
            quality,
            Clock.systemUTC());
    StreamingQuery query =
        RecordDecoder.decode(records, json, DecodeSchemas.declared(json))
            .writeStream()
            .queryName("fail-rule-refined")
            .option("checkpointLocation", folder.resolve("checkpoint/refined").toString())
            .trigger(Trigger.ProcessingTime(500))
            .foreachBatch(sink)
            .start();
    Path report = folder.resolve("report.json");
    RunReporter reporter =
        new RunReporter(
            "run-1",
            "rate-streaming",
            Instant.now(),
            Clock.systemUTC(),
            new ProgressListener(Map.of()),
            sink::totals,
            quality::tallies,
            Map.of(),
            new StreamingReportWriter(report.toString(), hadoopConf),
            new SlackNotifier(SlackConfig.DISABLED));

    StreamingStatus status =
        new RunLoop(Clock.systemUTC(), Duration.ofMinutes(1), new BatchGate())
            .await(
                List.of(query),
                new StopSignal(folder.resolve("checkpoint").toString(), hadoopConf),
                reporter);

    assertThat(status).isEqualTo(StreamingStatus.FAILED);
    JsonNode written = new ObjectMapper().readTree(Files.readString(report));
    assertThat(written.get("status").asText()).isEqualTo("FAILED");
    assertThat(written.get("error").asText())
        .contains("Cannot publish batch")
        .contains("rule 'no-rows' (row-count, fail) FAILED")
        .contains("restart retries this batch");
    assertThat(written.get("counts").get("read").asLong()).isZero();
    assertThat(written.get("quality").get(0).get("brokenBatches").asLong()).isEqualTo(1);
    assertThat(folder.resolve("refined/event_date=2001-01-01")).doesNotExist();
  }
}
