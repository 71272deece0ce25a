package dev.lakeetl.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.spark.SqlIdentifiers;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The Spark expression that is true for a row that passes a row rule; never null. Nulls pass every
 * rule but completeness (and a SQL predicate that yields null fails).
 */
final class RowPredicates {
  private RowPredicates() {}

  /**
   * The pass expression of {@code rule}; referential integrity is a join, see {@link QualityGate}.
   */
  static Column passes(QualityRule.RowRule rule) {
    if (rule instanceof QualityRule.Completeness completeness) {
      return column(completeness.column()).isNotNull();
    }
    if (rule instanceof QualityRule.AllowedValues allowed) {
      Column value = column(allowed.column());
      return nullOr(value, value.cast("string").isin(allowed.values().toArray()));
    }
    if (rule instanceof QualityRule.ValueRange range) {
      Column value = column(range.column());
      return nullOr(value, satisfies(value.cast("double"), range.values()));
    }
    if (rule instanceof QualityRule.TextPattern pattern) {
      Column value = column(pattern.column());
      return nullOr(value, value.cast("string").rlike("^(?:" + pattern.regex() + ")$"));
    }
    if (rule instanceof QualityRule.Length lengthRule) {
      Column value = column(lengthRule.column());
      return nullOr(value, satisfies(length(value.cast("string")), lengthRule.length()));
    }
    if (rule instanceof QualityRule.SqlPredicate predicate) {
      return coalesce(expr(predicate.predicate()), lit(false));
    }
    throw new IllegalArgumentException(
        "Cannot build a row check for rule '" + rule.name() + "' of type " + rule.type());
  }

  /** {@code value} compared as {@code condition} says. */
  static Column satisfies(Column value, Condition condition) {
    List<Double> operands = condition.operands();
    double first = operands.get(0);
    return switch (condition.operator()) {
      case GREATER -> value.gt(first);
      case GREATER_OR_EQUAL -> value.geq(first);
      case LESS -> value.lt(first);
      case LESS_OR_EQUAL -> value.leq(first);
      case EQUAL -> value.equalTo(first);
      case NOT_EQUAL -> value.notEqual(first);
      case BETWEEN -> value.gt(first).and(value.lt(operands.get(1)));
      case IN_RANGE -> value.geq(first).and(value.leq(operands.get(1)));
    };
  }

  private static Column nullOr(Column value, Column check) {
    return value.isNull().or(coalesce(check, lit(false)));
  }

  /** A column by name, quoted so that names with dots or spaces work. */
  static Column column(String name) {
    return col(SqlIdentifiers.quoted(name));
  }
}
