package dev.lakeetl.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish leaves no staging folder behind, however the run ends. */
class WriteAuditPublishTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  private WriteAuditPublish gate(double minimumCompleteness, String runId) {
    String table = dir.resolve("table").toString();
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.Completeness(
                    "code-complete",
                    Severity.FAIL,
                    "code",
                    Condition.atLeast(minimumCompleteness))));
    QualityConfig config =
        new QualityConfig(
            rules,
            "codes",
            table + "/_quality",
            table + "/_staging",
            QualityConfig.DEFAULT_STAGING_RETENTION);
    WriterConfig target =
        new WriterConfig(
            table,
            List.of("day"),
            WriterConfig.DEFAULT_COMPRESSION,
            WriterConfig.DEFAULT_MAX_RECORDS_PER_FILE,
            WriteMode.OVERWRITE_PARTITIONS);
    return new WriteAuditPublish(spark, config, target, runId, Clock.systemUTC());
  }

  private Dataset<Row> codes() {
    return spark.sql("SELECT * FROM VALUES ('a', '01'), (null, '01'), ('c', '02') AS t(code, day)");
  }

  private static WriteResult stage(WriteAuditPublish gate, QualityPlan plan) {
    return new PartitionedParquetWriter().write(plan.output(), gate.stagingTarget());
  }

  @Test
  void publishLeavesNoStagingFolder() throws IOException {
    WriteAuditPublish gate = gate(0.5, "r1");
    QualityPlan plan = gate.plan(codes(), Optional.empty());
    WriteResult written = stage(gate, plan);

    QualityEvaluator.Evaluation evaluation = gate.audit(plan, written);
    assertThat(evaluation.results().publishable()).isTrue();
    gate.publish(written, evaluation, BatchId.of("test", List.of("r1")));

    assertThat(dir.resolve("table/_staging")).doesNotExist();
    assertThat(dataFiles(dir.resolve("table/day=01"))).isNotEmpty();
  }

  @Test
  void rejectLeavesNoStagingFolder() throws IOException {
    WriteAuditPublish gate = gate(1, "r1");
    QualityPlan plan = gate.plan(codes(), Optional.empty());
    WriteResult written = stage(gate, plan);

    QualityEvaluator.Evaluation evaluation = gate.audit(plan, written);
    assertThat(evaluation.results().publishable()).isFalse();
    assertThat(gate.reject(evaluation)).hasMessageContaining("code-complete");

    assertThat(dir.resolve("table/_staging")).doesNotExist();
    assertThat(dir.resolve("table/day=01")).doesNotExist();
  }

  @Test
  void abandonDeletesWhatARunFailingForAnotherReasonStaged() throws IOException {
    WriteAuditPublish other = gate(0.5, "r0");
    stage(other, other.plan(codes(), Optional.empty()));
    WriteAuditPublish gate = gate(0.5, "r1");
    stage(gate, gate.plan(codes(), Optional.empty()));
    assertThat(dataFiles(dir.resolve("table/_staging/r1/day=01"))).isNotEmpty();

    gate.abandon();

    assertThat(dir.resolve("table/_staging/r1")).doesNotExist();
    // Another run's staged output is not this run's to delete.
    assertThat(dataFiles(dir.resolve("table/_staging/r0/day=01"))).isNotEmpty();
    other.abandon();
    assertThat(dir.resolve("table/_staging")).doesNotExist();
    assertThat(dir.resolve("table/day=01")).doesNotExist();
  }

  @Test
  void aRunRemovesStagingThatAKilledRunLeftADayAgo() throws IOException {
    Path killed = dir.resolve("table/_staging/r-killed/day=01/part-0.parquet");
    Files.createDirectories(killed.getParent());
    Files.writeString(killed, "half a file");
    Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(25))));

    WriteAuditPublish gate = gate(0.5, "r1");
    QualityPlan plan = gate.plan(codes(), Optional.empty());

    assertThat(dir.resolve("table/_staging/r-killed")).doesNotExist();
    stage(gate, plan);
    assertThat(dataFiles(dir.resolve("table/_staging/r1/day=01"))).isNotEmpty();
    gate.abandon();
  }

  private static List<Path> dataFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
    }
  }
}
