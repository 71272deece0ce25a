package dev.lakeetl.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeRulesTest {
  private static final ConfigKey<Map<String, String>> RULES = ConfigKey.map("quality.rules");

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

    RuleSet rules = parse(entries);

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
    for (QualityRule rule : rules.rules()) {
      String declared = entries.get(rule.name() + ".type");
      assertThat(rule.type())
          .as("type of rule %s", rule.name())
          .isEqualTo(declared.equals("non-negative") ? "range" : declared);
    }
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

    assertThatThrownBy(() -> parse(entries))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "quality.rules.a.type (from given value): 'completness' is not one of"
                            + " completeness, allowed-values, range, non-negative, pattern,"
                            + " length, sql-predicate, referential-integrity, row-count,"
                            + " uniqueness, primary-key, distinct-values, freshness, sql-metric,"
                            + " row-count-anomaly, row-count-change",
                        "quality.rules.b: set min, max or both",
                        "quality.rules.c.severity (from given value): 'loud' is not one of warn,"
                            + " quarantine, fail",
                        "quality.rules.d: Cannot declare quality rule 'd': pattern '[unclosed'"
                            + " is not a regular expression: Unclosed character class",
                        "quality.rules.f.colum (from given value): unknown attribute for a"
                            + " completeness rule, did you mean 'column'?; expected column,"
                            + " severity, threshold, type",
                        "quality.rules.f.column: missing required attribute (The column the"
                            + " rule checks)"));
  }

  @Test
  void maxAgeAndListsAreReadAsUsersWriteThem() {
    for (Map.Entry<String, Duration> written :
        Map.of(
                "36h", Duration.ofHours(36),
                "2d", Duration.ofDays(2),
                "90m", Duration.ofMinutes(90),
                "30s", Duration.ofSeconds(30),
                "PT36H", Duration.ofHours(36))
            .entrySet()) {
      RuleSet rules =
          parse(
              Map.of(
                  "fresh.type",
                  "freshness",
                  "fresh.column",
                  "ts",
                  "fresh.max-age",
                  written.getKey()));
      assertThat(((QualityRule.Freshness) rules.rules().get(0)).maxAge())
          .isEqualTo(written.getValue());
    }
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "fresh.type", "freshness", "fresh.column", "ts", "fresh.max-age", "soon")))
        .hasMessageContaining(
            "quality.rules.fresh.max-age (from given value): 'soon' is not a duration like 30s,"
                + " 5m or 2h");

    RuleSet states =
        parse(
            Map.of(
                "state.type", "allowed-values",
                "state.column", "state",
                "state.values", "CA, \"Washington, D.C.\",,NY"));
    assertThat(((QualityRule.AllowedValues) states.rules().get(0)).values())
        .containsExactly("CA", "Washington, D.C.", "NY");
    assertThat(RuleParameters.of(RuleType.ALLOWED_VALUES).keys())
        .extracting(key -> key.name())
        .containsExactly("type", "severity", "column", "values", "threshold");
    for (RuleType type : RuleType.values()) {
      assertThat(RuleParameters.ALL.keys())
          .extracting(key -> key.name())
          .containsAll(RuleParameters.of(type).keys().stream().map(key -> key.name()).toList());
    }
  }

  @Test
  void quarantineNeedsARowRule() {
    Map<String, String> entries =
        Map.of("e.type", "row-count", "e.min", "1", "e.severity", "quarantine");
    assertThatThrownBy(() -> parse(entries))
        .hasMessageContaining(
            "Cannot declare quality rule 'e': severity quarantine needs a rule judged row by row");
  }

  /** The rules of {@code entries}, given as quality.rules.<entry key>. */
  private static RuleSet parse(Map<String, String> entries) {
    Map<String, String> prefixed = new java.util.HashMap<>();
    entries.forEach((key, value) -> prefixed.put(RULES.name() + "." + key, value));
    return NativeRules.parse(Settings.of(ConfigSchema.of(RULES), prefixed), RULES, Severity.FAIL);
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
    ConfigKey<Map<String, String>> outputRules = ConfigKey.map("output.routes.quality.rules");
    RuleSet rules =
        NativeRules.parse(
            Settings.of(
                ConfigSchema.of(outputRules),
                Map.of(
                    "output.routes.quality.rules.known.type", "referential-integrity",
                    "output.routes.quality.rules.known.column", "origin",
                    "output.routes.quality.rules.known.reference.dataset", "airports",
                    "output.routes.quality.rules.known.reference.column", "iata")),
            outputRules,
            Severity.FAIL);
    assertThat(((QualityRule.References) rules.rules().get(0)).reference())
        .isEqualTo(QualityRule.Reference.dataset("airports", "iata"));

    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "known.type", "referential-integrity",
                        "known.column", "origin",
                        "known.reference.dataset", "airports",
                        "known.reference.path", "s3://lake/airports",
                        "known.reference.column", "iata")))
        .hasMessageContaining(
            "quality.rules.known.reference.dataset: set either reference.dataset or"
                + " reference.path");
  }
}
