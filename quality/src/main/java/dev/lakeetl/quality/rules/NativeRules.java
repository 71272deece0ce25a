package dev.lakeetl.quality.rules;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSection;
import dev.lakeetl.config.ConfigSections;
import dev.lakeetl.config.ConfigSections.Names;
import dev.lakeetl.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads rules declared in job configuration as {@code quality.rules.<rule name>.<parameter>}:
 *
 * <pre>{@code
 * quality:
 *   rules:
 *     origin-complete: {type: completeness, column: origin, severity: fail}
 *     delay-plausible: {type: range, column: delay, min: -1440, max: 2880, severity: quarantine}
 * }</pre>
 *
 * <p>A YAML list of maps does not flatten to dotted keys, so rules are a map keyed by their name:
 * named sections ({@link ConfigSections}) whose parameters are the keys of {@link RuleParameters}.
 * Every problem is collected and reported with its full key.
 */
public final class NativeRules {
  private NativeRules() {}

  /**
   * Reads the rules under {@code key} (e.g. {@code quality.rules}) of {@code settings}.
   *
   * @param defaultSeverity severity of rules that do not set one
   * @throws ConfigException listing every problem, each naming its full key
   */
  public static RuleSet parse(
      Settings settings, ConfigKey<Map<String, String>> key, Severity defaultSeverity) {
    requireNonNull(settings, "settings is null");
    requireNonNull(key, "key is null");
    requireNonNull(defaultSeverity, "defaultSeverity is null");
    List<String> problems = new ArrayList<>();
    List<QualityRule> rules = new ArrayList<>();
    for (ConfigSection section :
        ConfigSections.read(settings, key, Names.KEY_SEGMENT, problems).values()) {
      rule(section, defaultSeverity, problems).ifPresent(rules::add);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    try {
      return new RuleSet(rules);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(settings.fullName(key.name()) + ": " + e.getMessage());
    }
  }

  private static Optional<QualityRule> rule(
      ConfigSection section, Severity defaultSeverity, List<String> problems) {
    Optional<RuleType> type = section.value(RuleParameters.TYPE, problems);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Optional<Settings> parameters =
        section.read(
            RuleParameters.of(type.get()), "a " + type.get().configName() + " rule", problems);
    if (parameters.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(rule(section, type.get(), parameters.get(), defaultSeverity));
    } catch (IllegalArgumentException e) {
      String prefix = section.key("");
      String message = e.getMessage();
      problems.add(
          message != null && message.startsWith(prefix)
              ? message
              : prefix.substring(0, prefix.length() - 1) + ": " + message);
      return Optional.empty();
    }
  }

  private static QualityRule rule(
      ConfigSection section, RuleType type, Settings values, Severity defaultSeverity) {
    String name = section.name();
    Severity severity = values.find(RuleParameters.SEVERITY).orElse(defaultSeverity);
    return switch (type) {
      case COMPLETENESS ->
          new QualityRule.Completeness(
              name, severity, trimmed(values, RuleParameters.COLUMN), fraction(values));
      case ALLOWED_VALUES ->
          new QualityRule.AllowedValues(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              values.get(RuleParameters.VALUES),
              fraction(values));
      case RANGE ->
          new QualityRule.ValueRange(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              range(values),
              fraction(values));
      case NON_NEGATIVE ->
          new QualityRule.ValueRange(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              Condition.atLeast(0),
              fraction(values));
      case PATTERN ->
          new QualityRule.TextPattern(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              trimmed(values, RuleParameters.PATTERN),
              fraction(values));
      case LENGTH ->
          new QualityRule.Length(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              range(values),
              fraction(values));
      case SQL_PREDICATE ->
          new QualityRule.SqlPredicate(
              name, severity, trimmed(values, RuleParameters.PREDICATE), fraction(values));
      case REFERENTIAL_INTEGRITY ->
          new QualityRule.References(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              reference(section, values),
              fraction(values));
      case ROW_COUNT -> new QualityRule.RowCount(name, severity, range(values));
      case UNIQUENESS ->
          new QualityRule.Uniqueness(
              name, severity, values.get(RuleParameters.COLUMNS), fraction(values));
      case PRIMARY_KEY ->
          new QualityRule.PrimaryKey(name, severity, values.get(RuleParameters.COLUMNS));
      case DISTINCT_VALUES ->
          new QualityRule.DistinctValues(
              name, severity, values.get(RuleParameters.COLUMNS), range(values));
      case FRESHNESS ->
          new QualityRule.Freshness(
              name,
              severity,
              trimmed(values, RuleParameters.COLUMN),
              values.get(RuleParameters.MAX_AGE));
      case SQL_METRIC ->
          new QualityRule.SqlMetric(
              name,
              severity,
              trimmed(values, RuleParameters.SQL),
              values.get(RuleParameters.CONDITION));
      case ROW_COUNT_ANOMALY ->
          new QualityRule.RowCountAnomaly(
              name,
              severity,
              values.get(RuleParameters.RUNS),
              values.get(RuleParameters.MAX_DEVIATION_PERCENT));
      case ROW_COUNT_CHANGE ->
          new QualityRule.RowCountChange(
              name, severity, values.get(RuleParameters.MAX_CHANGE_PERCENT));
    };
  }

  /** {@code threshold}: the fraction of rows that must pass; default every row. */
  private static Condition fraction(Settings values) {
    return values.get(RuleParameters.THRESHOLD);
  }

  /** {@code min} and/or {@code max}, inclusive. */
  private static Condition range(Settings values) {
    Optional<Double> min = values.find(RuleParameters.MIN);
    Optional<Double> max = values.find(RuleParameters.MAX);
    if (min.isEmpty() && max.isEmpty()) {
      throw new IllegalArgumentException("set min, max or both");
    }
    if (max.isEmpty()) {
      return Condition.atLeast(min.get());
    }
    if (min.isEmpty()) {
      return Condition.atMost(max.get());
    }
    if (min.get() > max.get()) {
      throw new IllegalArgumentException("min " + min.get() + " is above max " + max.get());
    }
    return Condition.inRange(min.get(), max.get());
  }

  /** Files ({@code reference.path}, {@code .format}) or a dataset of the job. */
  private static QualityRule.Reference reference(ConfigSection section, Settings values) {
    String column = values.get(RuleParameters.REFERENCE_COLUMN);
    Optional<String> dataset = text(values, RuleParameters.REFERENCE_DATASET);
    Optional<String> path = text(values, RuleParameters.REFERENCE_PATH);
    Optional<String> format = text(values, RuleParameters.REFERENCE_FORMAT);
    if (dataset.isEmpty()) {
      return new QualityRule.Reference(
          path.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      section.key(RuleParameters.REFERENCE_PATH.name())
                          + ": missing; set reference.path (with reference.format) or"
                          + " reference.dataset")),
          format.orElse("parquet"),
          column);
    }
    if (path.isPresent() || format.isPresent()) {
      throw new IllegalArgumentException(
          section.key(RuleParameters.REFERENCE_DATASET.name())
              + ": set either reference.dataset or reference.path (with reference.format), not"
              + " both");
    }
    return QualityRule.Reference.dataset(dataset.get(), column);
  }

  /** A required text parameter; validation already refused a blank one. */
  private static String trimmed(Settings values, ConfigKey<String> key) {
    return values.get(key).trim();
  }

  private static Optional<String> text(Settings values, ConfigKey<String> key) {
    return values.find(key).map(String::trim).filter(value -> !value.isEmpty());
  }
}
