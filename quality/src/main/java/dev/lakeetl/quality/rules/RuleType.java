package dev.lakeetl.quality.rules;

import java.util.Locale;

/**
 * The native rule types, written in kebab-case as {@code quality.rules.<rule>.type}; each takes the
 * parameters of {@link RuleParameters#of}.
 */
public enum RuleType {
  COMPLETENESS,
  ALLOWED_VALUES,
  RANGE,
  NON_NEGATIVE,
  PATTERN,
  LENGTH,
  SQL_PREDICATE,
  REFERENTIAL_INTEGRITY,
  ROW_COUNT,
  UNIQUENESS,
  PRIMARY_KEY,
  DISTINCT_VALUES,
  FRESHNESS,
  SQL_METRIC,
  ROW_COUNT_ANOMALY,
  ROW_COUNT_CHANGE;

  /** The configuration spelling, e.g. {@code allowed-values}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
