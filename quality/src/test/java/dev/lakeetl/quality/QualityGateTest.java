package dev.lakeetl.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.Settings;
import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule type passing and failing on small data, and what each severity does. */
class QualityGateTest {
  private static final Instant NEWEST = Instant.parse("2001-01-02T10:00:00Z");
  private static final Instant NOW = NEWEST.plus(Duration.ofDays(1));
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir static Path dir;

  private static Dataset<Row> flights() {
    SparkSession spark = SharedSpark.session();
    StructType schema =
        StructType.fromDDL(
            "origin STRING, destination STRING, delay INT, distance INT, departure TIMESTAMP");
    List<Row> rows =
        List.of(
            flight("LAX", "SFO", 5, 337, "2001-01-01T10:00:00Z"),
            flight("SFO", "LAX", -3, 337, "2001-01-01T11:00:00Z"),
            flight("JFK", "LAX", 120, 2475, "2001-01-01T12:00:00Z"),
            flight("LAX", "JFK", null, 2475, "2001-01-02T09:00:00Z"),
            flight("SFO", "JFK", 0, 2586, "2001-01-02T10:00:00Z"),
            flight("BOS", "XXX", 7, 100, "2001-01-01T08:00:00Z"));
    return spark.createDataFrame(rows, schema);
  }

  private static Row flight(
      String origin, String destination, Integer delay, int distance, String departure) {
    return RowFactory.create(
        origin, destination, delay, distance, Timestamp.from(Instant.parse(departure)));
  }

  private static String airports() throws IOException {
    Path file = dir.resolve("airports.csv");
    if (!Files.exists(file)) {
      Files.writeString(
          file, "iata,name\nLAX,Los Angeles\nSFO,San Francisco\nJFK,New York\nBOS,Boston\n");
    }
    return file.toString();
  }

  private record Run(QualityPlan plan, QualityEvaluator.Evaluation evaluation, List<Row> output) {
    RuleResult result(String name) {
      return evaluation.results().results().stream()
          .filter(result -> result.rule().equals(name))
          .findFirst()
          .orElseThrow();
    }
  }

  private static Run run(RuleSet rules) {
    SparkSession spark = SharedSpark.session();
    QualityPlan plan = QualityGate.plan(flights(), rules);
    String out = dir.resolve("out-" + RUNS.incrementAndGet()).toString();
    plan.output().write().parquet(out);
    Dataset<Row> written = spark.read().parquet(out);
    QualityEvaluator.Evaluation evaluation =
        QualityEvaluator.evaluate(
            plan,
            written,
            new MetricsHistory(spark, dir.resolve("history").toString(), "flights"),
            "run-" + RUNS.get(),
            NOW,
            Duration.ofMinutes(1));
    return new Run(plan, evaluation, written.collectAsList());
  }

  @Test
  void withoutQuarantinedLeavesOutWhatThePlanQuarantinesAndNothingElse() throws IOException {
    Condition all = Condition.atLeast(1);
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.ValueRange(
                    "delay-range", Severity.QUARANTINE, "delay", Condition.inRange(0, 100), all),
                new QualityRule.References(
                    "destination-known",
                    Severity.QUARANTINE,
                    "destination",
                    new QualityRule.Reference(airports(), "csv", "iata"),
                    all),
                new QualityRule.Completeness("delay-complete", Severity.FAIL, "delay", all)));

    List<String> kept =
        QualityGate.withoutQuarantined(flights(), rules).collectAsList().stream()
            .map(Row::toString)
            .sorted()
            .collect(Collectors.toList());

    assertThat(kept)
        .isEqualTo(
            run(rules).output().stream().map(Row::toString).sorted().collect(Collectors.toList()));
    // -3 and 120 are out of range, XXX is no airport; the null delay is not quarantined.
    assertThat(kept).hasSize(3);
  }

  private static Map<String, RuleStatus> statuses(Run run) {
    return run.evaluation().results().results().stream()
        .collect(Collectors.toMap(RuleResult::rule, RuleResult::status));
  }

  @Test
  void everyRuleTypePassesOnGoodData() throws IOException {
    Severity warn = Severity.WARN;
    Condition all = Condition.atLeast(1);
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.Completeness("origin-complete", warn, "origin", all),
                new QualityRule.Completeness("delay-mostly", warn, "delay", Condition.atLeast(0.8)),
                new QualityRule.AllowedValues(
                    "origin-known", warn, "origin", List.of("LAX", "SFO", "JFK", "BOS"), all),
                new QualityRule.ValueRange(
                    "delay-range", warn, "delay", Condition.inRange(-60, 180), all),
                new QualityRule.TextPattern("origin-iata", warn, "origin", "[A-Z]{3}", all),
                new QualityRule.Length("origin-length", warn, "origin", Condition.equalTo(3), all),
                new QualityRule.SqlPredicate("distance-positive", warn, "distance > 0", all),
                new QualityRule.References(
                    "origin-airport",
                    warn,
                    "origin",
                    new QualityRule.Reference(airports(), "csv", "iata"),
                    all),
                new QualityRule.RowCount("rows", warn, Condition.atLeast(6)),
                new QualityRule.Uniqueness(
                    "route-unique", warn, List.of("origin", "destination"), all),
                new QualityRule.PrimaryKey("route-key", warn, List.of("origin", "destination")),
                new QualityRule.DistinctValues(
                    "origins", warn, List.of("origin"), Condition.equalTo(4)),
                new QualityRule.Freshness("fresh", warn, "departure", Duration.ofDays(2)),
                new QualityRule.SqlMetric(
                    "total-distance",
                    warn,
                    "select sum(distance) from primary",
                    Condition.equalTo(8310))));

    Run run = run(rules);

    assertThat(statuses(run).values()).containsOnly(RuleStatus.PASSED);
    assertThat(run.evaluation().results().rowsChecked()).isEqualTo(6);
    assertThat(run.result("delay-mostly").measured().getAsDouble()).isEqualTo(5 / 6.0);
    assertThat(run.result("delay-mostly").failedRows().getAsLong()).isEqualTo(1);
    assertThat(run.result("fresh").measured().getAsDouble()).isEqualTo(24.0);
    assertThat(run.result("origins").measured().getAsDouble()).isEqualTo(4.0);
    assertThat(run.output()).hasSize(6);
    assertThat(Arrays.asList(run.plan().output().columns()))
        .containsExactly("origin", "destination", "delay", "distance", "departure");
    assertThat(run.evaluation().metrics()).containsEntry(DeequMetric.SIZE, 6.0);
  }

  @Test
  void everyRuleTypeFailsOnBadData() throws IOException {
    Severity warn = Severity.WARN;
    Condition all = Condition.atLeast(1);
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.Completeness("delay-complete", warn, "delay", all),
                new QualityRule.AllowedValues(
                    "destination-known", warn, "destination", List.of("LAX", "SFO", "JFK"), all),
                new QualityRule.ValueRange(
                    "delay-range", warn, "delay", Condition.inRange(0, 100), all),
                new QualityRule.TextPattern(
                    "destination-iata", warn, "destination", "[A-Z]{2}", all),
                new QualityRule.Length(
                    "destination-length",
                    warn,
                    "destination",
                    new Condition(Condition.Operator.LESS, List.of(3.0)),
                    all),
                new QualityRule.SqlPredicate("long-haul", warn, "distance > 200", all),
                new QualityRule.References(
                    "destination-airport",
                    warn,
                    "destination",
                    new QualityRule.Reference(airports(), "csv", "iata"),
                    all),
                new QualityRule.RowCount("rows", warn, Condition.atLeast(10)),
                new QualityRule.Uniqueness("origin-unique", warn, List.of("origin"), all),
                new QualityRule.PrimaryKey("delay-key", warn, List.of("delay")),
                new QualityRule.DistinctValues(
                    "origins", warn, List.of("origin"), Condition.parse("> 4")),
                new QualityRule.Freshness("fresh", warn, "departure", Duration.ofHours(1)),
                new QualityRule.SqlMetric(
                    "count", warn, "select count(*) from primary", Condition.parse("< 6"))));

    Run run = run(rules);

    assertThat(statuses(run).values()).containsOnly(RuleStatus.WARNED);
    assertThat(run.result("delay-range").failedRows().getAsLong()).isEqualTo(2);
    assertThat(run.result("destination-airport").failedRows().getAsLong()).isEqualTo(1);
    assertThat(run.result("long-haul").measured().getAsDouble()).isEqualTo(5 / 6.0);
    assertThat(run.result("origin-unique").measured().getAsDouble()).isEqualTo(2 / 6.0);
    assertThat(run.result("rows").measured().getAsDouble()).isEqualTo(6.0);
    assertThat(run.output()).as("warn rules publish every row").hasSize(6);
    assertThat(run.evaluation().results().publishable()).isTrue();
  }

  @Test
  void quarantineRulesLeaveFailingRowsOutWithTheRuleAsReason() {
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.ValueRange(
                    "delay-range",
                    Severity.QUARANTINE,
                    "delay",
                    Condition.inRange(0, 100),
                    Condition.atLeast(1)),
                new QualityRule.SqlPredicate(
                    "long-haul", Severity.QUARANTINE, "distance > 200", Condition.atLeast(1))));

    Run run = run(rules);

    assertThat(run.output()).hasSize(3);
    assertThat(run.output().stream().map(row -> row.<String>getAs("origin")))
        .containsExactlyInAnyOrder("LAX", "LAX", "SFO");
    Map<String, String> reasons =
        run.plan().quarantined().orElseThrow().collectAsList().stream()
            .collect(
                Collectors.toMap(
                    row -> row.<String>getAs("origin") + "-" + row.<String>getAs("destination"),
                    row -> row.<String>getAs(QualityPlan.REASON)));
    assertThat(reasons)
        .containsOnly(
            Map.entry("SFO-LAX", "failed quality rule 'delay-range'"),
            Map.entry("JFK-LAX", "failed quality rule 'delay-range'"),
            Map.entry("BOS-XXX", "failed quality rule 'long-haul'"));
    assertThat(run.result("delay-range").status()).isEqualTo(RuleStatus.QUARANTINED);
    assertThat(run.result("delay-range").failedRows().getAsLong()).isEqualTo(2);
    assertThat(run.evaluation().results().rowsQuarantined()).isEqualTo(3);
    assertThat(run.evaluation().results().publishable()).isTrue();
  }

  @Test
  void failRulesStopPublishingAndNameMeasuredValueAndThreshold() {
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.Completeness(
                    "origin-complete", Severity.FAIL, "origin", Condition.atLeast(1)),
                new QualityRule.ValueRange(
                    "delay-range",
                    Severity.FAIL,
                    "delay",
                    Condition.inRange(0, 100),
                    Condition.atLeast(0.9))));

    Run run = run(rules);

    assertThat(run.evaluation().results().publishable()).isFalse();
    assertThat(run.result("origin-complete").status()).isEqualTo(RuleStatus.PASSED);
    assertThat(run.evaluation().results().error())
        .hasValue(
            "Quality check failed, nothing published: rule 'delay-range' (range, fail) FAILED:"
                + " measured 0.666667, threshold delay >= 0 and <= 100 in a fraction >= 0.9 of rows,"
                + " 2 rows failed");
    assertThat(run.evaluation().results().toReport().get(1).measured().getAsDouble())
        .isEqualTo(4 / 6.0);
  }

  @Test
  void uniquenessOfClusteredDataIsCountedWhileWriting() {
    Dataset<Row> clustered = flights().repartition(org.apache.spark.sql.functions.col("origin"));
    QualityPlan plan =
        clusteredPlan(
            clustered,
            new QualityGate.Clustering(List.of("origin"), List.of("origin")),
            uniqueness("origin-unique", Severity.WARN, "origin"),
            uniqueness("route-unique", Severity.WARN, "origin", "destination"));
    assertThat(plan.output().collectAsList()).hasSize(6);

    QualityEvaluator.Evaluation evaluation = evaluateWithoutDeequ(plan, "clustered");

    assertThat(evaluation.results().results().get(0).measured().getAsDouble()).isEqualTo(2 / 6.0);
    assertThat(evaluation.results().results().get(0).status()).isEqualTo(RuleStatus.WARNED);
    assertThat(evaluation.results().results().get(1).status()).isEqualTo(RuleStatus.PASSED);
    assertThat(evaluation.metrics())
        .containsEntry(new DeequMetric(DeequMetric.Kind.UNIQUENESS, List.of("origin")), 2 / 6.0);
  }

  @Test
  void uniquenessOfADeduplicatedKeyNeedsNoSecondWindow() {
    Dataset<Row> deduplicated =
        flights()
            .dropDuplicates("origin", "destination")
            .repartition(org.apache.spark.sql.functions.col("origin"));
    QualityPlan plan =
        clusteredPlan(
            deduplicated,
            QualityGate.Clustering.deduplicated(
                List.of("origin"), List.of("origin", "destination")),
            uniqueness("route-unique", Severity.FAIL, "origin", "destination"));
    long rows = plan.output().count();

    QualityEvaluator.Evaluation evaluation = evaluateWithoutDeequ(plan, "deduplicated");

    assertThat(rows).isPositive();
    assertThat(plan.output().queryExecution().executedPlan().toString()).doesNotContain("Window");
    assertThat(evaluation.results().results().get(0).measured().getAsDouble()).isEqualTo(1.0);
    assertThat(evaluation.results().results().get(0).status()).isEqualTo(RuleStatus.PASSED);
  }

  private static QualityRule.Uniqueness uniqueness(
      String name, Severity severity, String... columns) {
    return new QualityRule.Uniqueness(name, severity, List.of(columns), Condition.atLeast(1));
  }

  private static QualityPlan clusteredPlan(
      Dataset<Row> data, QualityGate.Clustering clustering, QualityRule... rules) {
    return QualityGate.plan(data, new RuleSet(List.of(rules)), java.util.Optional.of(clustering));
  }

  /**
   * Evaluates observed metrics only: the written data is not readable, so no Deequ pass can run.
   */
  private QualityEvaluator.Evaluation evaluateWithoutDeequ(QualityPlan plan, String run) {
    SparkSession spark = SharedSpark.session();
    return QualityEvaluator.evaluate(
        plan,
        spark.emptyDataFrame(),
        new MetricsHistory(spark, dir.resolve("history-" + run).toString(), "flights"),
        run,
        NOW,
        Duration.ofMinutes(1));
  }

  @Test
  void rulesNamingMissingColumnsFailBeforeAnythingRuns() {
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.Completeness(
                    "tail", Severity.FAIL, "tail_number", Condition.atLeast(1))));
    assertThatThrownBy(() -> QualityGate.plan(flights(), rules))
        .hasMessageStartingWith(
            "Cannot check quality rule 'tail': the rule names 'tail_number', which is not a column"
                + " of the data");
  }

  @Test
  void unreadableReferenceNamesTheRule() {
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.References(
                    "airports",
                    Severity.FAIL,
                    "origin",
                    new QualityRule.Reference(dir.resolve("missing").toString(), "parquet", "iata"),
                    Condition.atLeast(1))));
    assertThatThrownBy(() -> QualityGate.plan(flights(), rules))
        .hasMessageStartingWith("Cannot check quality rule 'airports': cannot read reference");
  }

  @Test
  void referentialIntegrityAgainstADatasetOfTheJob() {
    SharedSpark.session()
        .sql("SELECT * FROM VALUES ('LAX'), ('SFO'), ('JFK'), ('BOS') AS t(iata)")
        .createOrReplaceTempView("known_airports");
    RuleSet rules =
        new RuleSet(
            List.of(
                new QualityRule.References(
                    "origin-known",
                    Severity.FAIL,
                    "origin",
                    QualityRule.Reference.dataset("known_airports", "iata"),
                    Condition.atLeast(1)),
                new QualityRule.References(
                    "destination-known",
                    Severity.WARN,
                    "destination",
                    QualityRule.Reference.dataset("known_airports", "iata"),
                    Condition.atLeast(1))));

    Run run = run(rules);

    assertThat(run.result("origin-known").status()).isEqualTo(RuleStatus.PASSED);
    assertThat(run.result("destination-known").status()).isEqualTo(RuleStatus.WARNED);
    assertThat(run.result("destination-known").failedRows()).hasValue(1);
    assertThatThrownBy(
            () ->
                QualityGate.plan(
                    flights(),
                    new RuleSet(
                        List.of(
                            new QualityRule.References(
                                "ghost",
                                Severity.FAIL,
                                "origin",
                                QualityRule.Reference.dataset("no_such_view", "iata"),
                                Condition.atLeast(1))))))
        .hasMessageStartingWith(
            "Cannot check quality rule 'ghost': cannot read reference dataset 'no_such_view'");
  }

  @Test
  void allowedValuesMayHoldCommas() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> places =
        spark.sql("SELECT * FROM VALUES ('Washington, D.C.'), ('Boston') AS t(city)");
    RuleSet dqdl =
        dev.lakeetl.quality.dqdl.DqdlParser.parse(
            "Rules = [ ColumnValues \"city\" in [\"Washington, D.C.\", \"Boston\"] ]",
            Severity.FAIL);
    RuleSet nativeRules =
        QualityConfig.rules(
            Settings.of(
                QualityKeys.RULE_SCHEMA,
                Map.of(
                    "quality.rules.city.type", "allowed-values",
                    "quality.rules.city.column", "city",
                    "quality.rules.city.values", "\"Washington, D.C.\",Boston")));

    for (RuleSet rules : List.of(dqdl, nativeRules)) {
      QualityPlan plan = QualityGate.plan(places, rules);
      plan.output().write().format("noop").mode("overwrite").save();
      QualityEvaluator.Evaluation evaluation =
          QualityEvaluator.evaluate(
              plan,
              places,
              new MetricsHistory(spark, dir.resolve("commas").toString(), "places"),
              "r" + RUNS.incrementAndGet(),
              NOW,
              Duration.ofMinutes(1));
      assertThat(evaluation.results().publishable()).as(rules.toString()).isTrue();
    }
  }
}
