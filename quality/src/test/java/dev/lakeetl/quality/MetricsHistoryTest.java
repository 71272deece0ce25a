package dev.lakeetl.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anomaly rules over a sequence of runs kept in the Deequ metrics repository. */
class MetricsHistoryTest {
  private static final RuleSet RULES =
      new RuleSet(
          List.of(
              new QualityRule.RowCountAnomaly("near-mean", Severity.FAIL, 2, 20),
              new QualityRule.RowCountChange("no-jump", Severity.WARN, 50)));

  @TempDir Path dir;

  @Test
  void comparesEachRunWithThePublishedRunsBeforeIt() {
    MetricsHistory history =
        new MetricsHistory(SharedSpark.session(), dir.resolve("_quality").toString(), "flights");

    QualityResults first = run(history, "r1", 100, 1);
    assertThat(first.results()).allMatch(result -> result.status() == RuleStatus.PASSED);
    assertThat(first.results().get(0).note())
        .hasValueSatisfying(note -> assertThat(note).startsWith("no history yet"));

    QualityResults second = run(history, "r2", 110, 2);
    assertThat(second.results().get(0).status()).isEqualTo(RuleStatus.PASSED);
    assertThat(second.results().get(1).measured().getAsDouble()).isEqualTo(10.0);

    // Mean of 100 and 110 is 105: 200 deviates by about 90%, and changes by about 82%.
    QualityResults third = run(history, "r3", 200, 3);
    assertThat(third.results().get(0).status()).isEqualTo(RuleStatus.FAILED);
    assertThat(third.results().get(0).measured().getAsDouble())
        .isCloseTo(90.476, org.assertj.core.data.Offset.offset(0.001));
    assertThat(third.results().get(1).status()).isEqualTo(RuleStatus.WARNED);
    assertThat(third.publishable()).isFalse();

    // The failed run is kept but not published, so it does not move the baseline.
    QualityResults fourth = run(history, "r4", 104, 4);
    assertThat(fourth.results().get(0).status()).isEqualTo(RuleStatus.PASSED);
    assertThat(fourth.results().get(0).note())
        .hasValueSatisfying(note -> assertThat(note).contains("mean 105 of the last 2 runs"));
    assertThat(history.publishedRowCounts("r5")).containsExactly(100L, 110L, 104L);
    assertThat(dir.resolve("_quality").resolve(MetricsHistory.FILE_NAME)).exists();
  }

  @Test
  void keepsDatasetsApart() {
    MetricsHistory flights = new MetricsHistory(SharedSpark.session(), dir.toString(), "flights");
    MetricsHistory airports = new MetricsHistory(SharedSpark.session(), dir.toString(), "airports");
    run(flights, "f1", 10, 1);
    assertThat(airports.publishedRowCounts("a1")).isEmpty();
    assertThat(flights.publishedRowCounts("f2")).containsExactly(10L);
  }

  private static QualityResults run(MetricsHistory history, String runId, long rows, int day) {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> data = spark.range(rows).toDF("id");
    QualityPlan plan = QualityGate.plan(data, RULES);
    plan.output().collectAsList();
    Instant time = Instant.parse("2001-01-01T00:00:00Z").plus(Duration.ofDays(day));
    QualityEvaluator.Evaluation evaluation =
        QualityEvaluator.evaluate(plan, plan.output(), history, runId, time, Duration.ofMinutes(1));
    WriteAuditPublish.Outcome outcome =
        evaluation.results().publishable()
            ? WriteAuditPublish.Outcome.PUBLISHED
            : WriteAuditPublish.Outcome.REJECTED;
    history.save(runId, time, outcome, evaluation.metrics());
    return evaluation.results();
  }
}
