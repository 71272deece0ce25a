package dev.lakeetl.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeRulesTest {
  @Test
  void readsEveryRuleTypeFromDottedKeys() {
    Map<String, String> entries =
        Map.ofEntries(
            Map.entry("origin-complete.type", "completeness"),
            Map.entry("origin-complete.column", "origin"),
            Map.entry("origin-complete.threshold", ">= 0.99"),
            Map.entry("delay.type", "range"),
            Map.entry("delay.column", "delay"),
            Map.entry("delay.min", "-1440"),
            Map.entry("delay.max", "2880"),
            Map.entry("delay.severity", "quarantine"),
            Map.entry("distance.type", "non-negative"),
            Map.entry("distance.column", "distance"),
            Map.entry("iata.type", "pattern"),
            Map.entry("iata.column", "origin"),
            Map.entry("iata.pattern", "[A-Z]{3}"),
            Map.entry("iata.severity", "warn"),
            Map.entry("year.type", "allowed-values"),
            Map.entry("year.column", "year"),
            Map.entry("year.values", "2001,2002"),
            Map.entry("rows.type", "row-count"),
            Map.entry("rows.min", "1"),
            Map.entry("key.type", "uniqueness"),
            Map.entry("key.columns", "a, b"),
            Map.entry("pk.type", "primary-key"),
            Map.entry("pk.columns", "a"),
            Map.entry("fresh.type", "freshness"),
            Map.entry("fresh.column", "ts"),
            Map.entry("fresh.max-age", "36h"),
            Map.entry("airports.type", "referential-integrity"),
            Map.entry("airports.column", "origin"),
            Map.entry("airports.reference.path", "s3://bucket/airports"),
            Map.entry("airports.reference.format", "csv"),
            Map.entry("airports.reference.column", "iata"),
            Map.entry("positive.type", "sql-predicate"),
            Map.entry("positive.predicate", "distance > 0 OR origin = destination"),
            Map.entry("trend.type", "row-count-anomaly"),
            Map.entry("trend.runs", "3"),
            Map.entry("trend.max-deviation-percent", "20"),
            Map.entry("jump.type", "row-count-change"),
            Map.entry("jump.max-change-percent", "50"));

    RuleSet rules = NativeRules.parse(entries, "quality.rules", Severity.FAIL);

    assertThat(rules.rules()).hasSize(13);
    assertThat(byName(rules, "origin-complete"))
        .isEqualTo(
            new QualityRule.Completeness(
                "origin-complete", Severity.FAIL, "origin", Condition.atLeast(0.99)));
    assertThat(byName(rules, "delay"))
        .isEqualTo(
            new QualityRule.ValueRange(
                "delay",
                Severity.QUARANTINE,
                "delay",
                Condition.inRange(-1440, 2880),
                Condition.atLeast(1)));
    assertThat(byName(rules, "key"))
        .isEqualTo(
            new QualityRule.Uniqueness(
                "key", Severity.FAIL, List.of("a", "b"), Condition.atLeast(1)));
    assertThat(((QualityRule.Freshness) byName(rules, "fresh")).maxAge())
        .isEqualTo(Duration.ofHours(36));
    assertThat(((QualityRule.References) byName(rules, "airports")).reference())
        .isEqualTo(new QualityRule.Reference("s3://bucket/airports", "csv", "iata"));
    assertThat(byName(rules, "trend"))
        .isEqualTo(new QualityRule.RowCountAnomaly("trend", Severity.FAIL, 3, 20));
    assertThat(rules.rowRules()).hasSize(7);
  }

  @Test
  void namesTheKeyOfEveryProblem() {
    Map<String, String> entries =
        pairs(
            "a.type", "completness",
            "b.type", "range",
            "b.column", "x",
            "c.type", "completeness",
            "c.column", "x",
            "c.severity", "loud",
            "d.type", "pattern",
            "d.column", "x",
            "d.pattern", "[unclosed",
            "f.type", "completeness",
            "f.colum", "x");

    assertThatThrownBy(() -> NativeRules.parse(entries, "quality.rules", Severity.FAIL))
        .hasMessageContaining("quality.rules.a.type: 'completness' is not a rule type")
        .hasMessageContaining("quality.rules.b: set min, max or both")
        .hasMessageContaining(
            "quality.rules.c.severity: 'loud' is not one of warn, quarantine, fail")
        .hasMessageContaining(
            "quality.rules.d: Cannot declare quality rule 'd': pattern '[unclosed'")
        .hasMessageContaining("quality.rules.f.colum: unknown parameter for a completeness rule");
  }

  @Test
  void quarantineNeedsARowRule() {
    Map<String, String> entries =
        Map.of("e.type", "row-count", "e.min", "1", "e.severity", "quarantine");
    assertThatThrownBy(() -> NativeRules.parse(entries, "quality.rules", Severity.FAIL))
        .hasMessageContaining(
            "Cannot declare quality rule 'e': severity quarantine needs a rule judged row by row");
  }

  private static Map<String, String> pairs(String... keysAndValues) {
    Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static QualityRule byName(RuleSet rules, String name) {
    return rules.rules().stream()
        .filter(rule -> rule.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void referenceIsFilesOrADatasetOfTheJob() {
    RuleSet rules =
        NativeRules.parse(
            Map.of(
                "known.type", "referential-integrity",
                "known.column", "origin",
                "known.reference.dataset", "airports",
                "known.reference.column", "iata"),
            "output.routes.quality.rules",
            Severity.FAIL);
    assertThat(((QualityRule.References) rules.rules().get(0)).reference())
        .isEqualTo(QualityRule.Reference.dataset("airports", "iata"));

    assertThatThrownBy(
            () ->
                NativeRules.parse(
                    Map.of(
                        "known.type", "referential-integrity",
                        "known.column", "origin",
                        "known.reference.dataset", "airports",
                        "known.reference.path", "s3://lake/airports",
                        "known.reference.column", "iata"),
                    "quality.rules",
                    Severity.FAIL))
        .hasMessageContaining(
            "quality.rules.known.reference.dataset: set either reference.dataset or"
                + " reference.path");
  }
}
