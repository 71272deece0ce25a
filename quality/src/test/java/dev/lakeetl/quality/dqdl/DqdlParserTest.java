package dev.lakeetl.quality.dqdl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rulesets in the shape of the examples in AWS Glue's DQDL reference. */
class DqdlParserTest {
  private static final String GLUE_EXAMPLE =
      """
      # Rules in the style of the DQDL reference
      Rules = [
          IsComplete "order-id",
          IsUnique "order-id",
          IsPrimaryKey "Customer_ID",
          Completeness "colA" between 0.4 and 0.8,
          Uniqueness "email" > 0.95,
          ColumnValues "Country" in [ "US", "CA", "UK" ],
          ColumnValues "Customer_ID" between 1 and 2000,
          ColumnValues "First_Name" matches "[a-zA-Z]*",
          ColumnValues "Customer_ID" > 0 with threshold > 0.8,
          RowCount between 10 and 100,
          ColumnLength "Postal_Code" = 5,
          ColumnLength "Country" between 1 and 4 with threshold >= 0.9,
          DistinctValuesCount "State" > 3,
          CustomSql "select count(*) from primary" between 10 and 20
      ]
      """;

  @Test
  void mapsTheGlueExampleOntoTheRuleModel() {
    RuleSet rules = DqdlParser.parse(GLUE_EXAMPLE, Severity.FAIL);

    assertThat(rules.rules()).hasSize(14);
    assertThat(rules.rules().get(0))
        .isEqualTo(
            new QualityRule.Completeness(
                "IsComplete \"order-id\"", Severity.FAIL, "order-id", Condition.atLeast(1)));
    assertThat(rules.rules().get(1))
        .isEqualTo(
            new QualityRule.Uniqueness(
                "IsUnique \"order-id\"", Severity.FAIL, List.of("order-id"), Condition.atLeast(1)));
    assertThat(rules.rules().get(2)).isInstanceOf(QualityRule.PrimaryKey.class);
    assertThat(((QualityRule.Completeness) rules.rules().get(3)).fraction())
        .isEqualTo(new Condition(Condition.Operator.BETWEEN, List.of(0.4, 0.8)));
    assertThat(((QualityRule.AllowedValues) rules.rules().get(5)).values())
        .containsExactly("US", "CA", "UK");
    assertThat(((QualityRule.ValueRange) rules.rules().get(6)).values().toString())
        .isEqualTo("between 1 and 2000");
    assertThat(((QualityRule.TextPattern) rules.rules().get(7)).regex()).isEqualTo("[a-zA-Z]*");
    QualityRule.ValueRange withThreshold = (QualityRule.ValueRange) rules.rules().get(8);
    assertThat(withThreshold.values().toString()).isEqualTo("> 0");
    assertThat(withThreshold.fraction().toString()).isEqualTo("> 0.8");
    assertThat(withThreshold.name())
        .isEqualTo("ColumnValues \"Customer_ID\" > 0 with threshold > 0.8");
    assertThat(((QualityRule.RowCount) rules.rules().get(9)).count().test(10)).isFalse();
    assertThat(((QualityRule.Length) rules.rules().get(10)).length())
        .isEqualTo(Condition.equalTo(5));
    assertThat(((QualityRule.Length) rules.rules().get(11)).fraction().toString())
        .isEqualTo(">= 0.9");
    assertThat(rules.rules().get(12))
        .isEqualTo(
            new QualityRule.DistinctValues(
                "DistinctValuesCount \"State\" > 3",
                Severity.FAIL,
                List.of("State"),
                new Condition(Condition.Operator.GREATER, List.of(3.0))));
    assertThat(((QualityRule.SqlMetric) rules.rules().get(13)).sql())
        .isEqualTo("select count(*) from primary");
  }

  @Test
  void parsesTheRulesetOfTheDocumentation() throws java.io.IOException {
    String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "quality.md"));
    int start = docs.indexOf("Rules = [");
    String ruleset = docs.substring(start, docs.indexOf("]\n```", start) + 1);

    RuleSet rules = DqdlParser.parse(ruleset, Severity.WARN);

    assertThat(rules.rules()).hasSize(8);
    assertThat(rules.rules()).allMatch(rule -> rule.severity() == Severity.WARN);
    assertThat(rules.rules().get(7)).isInstanceOf(QualityRule.SqlMetric.class);
  }

  @Test
  void namesARuleWhosePatternIsNoJavaRegex() {
    // The DQDL reference's own example pattern "[a-ZA-Z]*" is not a valid range in Java.
    assertThatThrownBy(
            () ->
                DqdlParser.parse(
                    "Rules = [ ColumnValues \"First_Name\" matches \"[a-ZA-Z]*\" ]", Severity.FAIL))
        .hasMessageStartingWith(
            "Cannot use DQDL rule 1 'ColumnValues \"First_Name\" matches \"[a-ZA-Z]*\"'")
        .hasMessageContaining("is not a regular expression");
  }

  @Test
  void rejectsUnsupportedRulesByName() {
    assertThatThrownBy(
            () ->
                DqdlParser.parse(
                    "Rules = [ IsComplete \"a\", Mean \"Star_Rating\" > 3 ]", Severity.FAIL))
        .hasMessageStartingWith("Cannot use DQDL rule 2 'Mean \"Star_Rating\" > 3'")
        .hasMessageContaining("rule type Mean is not supported");
    assertThatThrownBy(
            () ->
                DqdlParser.parse(
                    "Rules = [ (IsComplete \"id\") and (IsUnique \"id\") ]", Severity.FAIL))
        .hasMessageContaining("composite rules (and/or) are not supported");
    assertThatThrownBy(
            () ->
                DqdlParser.parse(
                    "Rules = [ IsComplete \"Email\" where \"Customer_ID between 1 and 50\" ]",
                    Severity.FAIL))
        .hasMessageContaining("Cannot use DQDL rule 1 'IsComplete \"Email\" where")
        .hasMessageContaining("where clauses");
    assertThatThrownBy(
            () -> DqdlParser.parse("Rules = [ RowCount > avg(last(10)) ]", Severity.FAIL))
        .hasMessageContaining("dynamic expressions");
    assertThatThrownBy(() -> DqdlParser.parse("IsComplete \"a\"", Severity.FAIL))
        .hasMessageContaining("expected '='");
  }

  @Test
  void readsReferentialIntegrityAgainstADatasetAndListsWithCommas() {
    RuleSet rules =
        DqdlParser.parse(
            "Rules = [ ReferentialIntegrity \"origin\" \"airports.iata\" >= 0.99,"
                + " ColumnValues \"city\" in [\"Washington, D.C.\", \"Boston\"] ]",
            Severity.FAIL);

    assertThat(rules.rules().get(0))
        .isEqualTo(
            new QualityRule.References(
                "ReferentialIntegrity \"origin\" \"airports.iata\" >= 0.99",
                Severity.FAIL,
                "origin",
                QualityRule.Reference.dataset("airports", "iata"),
                Condition.atLeast(0.99)));
    assertThat(((QualityRule.AllowedValues) rules.rules().get(1)).values())
        .containsExactly("Washington, D.C.", "Boston");
    assertThatThrownBy(
            () ->
                DqdlParser.parse(
                    "Rules = [ ReferentialIntegrity \"{a,b}\" \"ref.{a,b}\" = 1 ]", Severity.FAIL))
        .hasMessageContaining("several columns are not supported");
  }
}
