package dev.lakeetl.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityRuleTest {
  private static final Condition ALL = Condition.atLeast(1);

  @Test
  void namesTheColumnsOfTheCheckedData() {
    assertThat(new QualityRule.Completeness("c", Severity.FAIL, "origin", ALL).columns())
        .containsExactly("origin");
    assertThat(
            new QualityRule.References(
                    "r",
                    Severity.FAIL,
                    "origin",
                    QualityRule.Reference.dataset("airports", "iata"),
                    ALL)
                .columns())
        .as("the referenced column belongs to the other dataset")
        .containsExactly("origin");
    assertThat(new QualityRule.Freshness("f", Severity.WARN, "ts", Duration.ofHours(1)).columns())
        .containsExactly("ts");
    assertThat(new QualityRule.PrimaryKey("k", Severity.FAIL, List.of("a", "b")).columns())
        .containsExactly("a", "b");
  }

  @Test
  void sqlAndRowCountRulesNameNoColumn() {
    assertThat(new QualityRule.SqlPredicate("p", Severity.FAIL, "a > 0", ALL).columns()).isEmpty();
    assertThat(new QualityRule.SqlMetric("m", Severity.FAIL, "select 1", ALL).columns()).isEmpty();
    assertThat(new QualityRule.RowCount("n", Severity.FAIL, ALL).columns()).isEmpty();
    assertThat(new QualityRule.RowCountChange("d", Severity.FAIL, 10).columns()).isEmpty();
  }
}
