package dev.lakeetl.quality.rules;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigLists;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * <p>A YAML list of maps does not flatten to dotted keys, so rules are a map keyed by their name.
 * Every problem is collected and reported with its key.
 */
public final class NativeRules {
  /** Rule types and the parameters each accepts besides type and severity. */
  private static final Map<String, Set<String>> PARAMETERS = parameters();

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private NativeRules() {}

  /**
   * Parses the sub-keys of {@code prefix} (e.g. {@code origin-complete.type -> completeness}).
   *
   * @param prefix the map key, e.g. {@code quality.rules}, for messages
   * @param defaultSeverity severity of rules that do not set one
   * @throws IllegalArgumentException listing every problem, one per line, each naming its key
   */
  public static RuleSet parse(
      Map<String, String> entries, String prefix, Severity defaultSeverity) {
    requireNonNull(entries, "entries is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(defaultSeverity, "defaultSeverity is null");
    Map<String, Map<String, String>> byRule = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    new TreeMap<>(entries)
        .forEach(
            (key, value) -> {
              int dot = key.indexOf('.');
              if (dot <= 0) {
                problems.add(
                    prefix
                        + "."
                        + key
                        + ": expected "
                        + prefix
                        + ".<rule name>.<parameter>, e.g. "
                        + prefix
                        + "."
                        + key
                        + ".type");
                return;
              }
              byRule
                  .computeIfAbsent(key.substring(0, dot), name -> new TreeMap<>())
                  .put(key.substring(dot + 1), value);
            });
    List<QualityRule> rules = new ArrayList<>();
    byRule.forEach(
        (name, parameters) -> {
          try {
            rules.add(rule(name, parameters, prefix + "." + name, defaultSeverity));
          } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    try {
      return new RuleSet(rules);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
    }
  }

  private static QualityRule rule(
      String name, Map<String, String> parameters, String key, Severity defaultSeverity) {
    Parameters values = new Parameters(parameters, key);
    String type = values.required("type").toLowerCase(Locale.ROOT);
    Set<String> accepted = PARAMETERS.get(type);
    if (accepted == null) {
      throw new IllegalArgumentException(
          key + ".type: '" + type + "' is not a rule type; expected one of " + PARAMETERS.keySet());
    }
    for (String parameter : parameters.keySet()) {
      if (!parameter.equals("type")
          && !parameter.equals("severity")
          && !accepted.contains(parameter)) {
        throw new IllegalArgumentException(
            key
                + "."
                + parameter
                + ": unknown parameter for a "
                + type
                + " rule; expected "
                + accepted);
      }
    }
    Severity severity = values.severity(defaultSeverity);
    try {
      return switch (type) {
        case "completeness" ->
            new QualityRule.Completeness(
                name, severity, values.required("column"), values.fraction());
        case "allowed-values" ->
            new QualityRule.AllowedValues(
                name,
                severity,
                values.required("column"),
                values.list("values"),
                values.fraction());
        case "range" ->
            new QualityRule.ValueRange(
                name, severity, values.required("column"), values.range(), values.fraction());
        case "non-negative" ->
            new QualityRule.ValueRange(
                name, severity, values.required("column"), Condition.atLeast(0), values.fraction());
        case "pattern" ->
            new QualityRule.TextPattern(
                name,
                severity,
                values.required("column"),
                values.required("pattern"),
                values.fraction());
        case "length" ->
            new QualityRule.Length(
                name, severity, values.required("column"), values.range(), values.fraction());
        case "sql-predicate" ->
            new QualityRule.SqlPredicate(
                name, severity, values.required("predicate"), values.fraction());
        case "referential-integrity" ->
            new QualityRule.References(
                name, severity, values.required("column"), values.reference(), values.fraction());
        case "row-count" -> new QualityRule.RowCount(name, severity, values.range());
        case "uniqueness" ->
            new QualityRule.Uniqueness(name, severity, values.list("columns"), values.fraction());
        case "primary-key" -> new QualityRule.PrimaryKey(name, severity, values.list("columns"));
        case "distinct-values" ->
            new QualityRule.DistinctValues(name, severity, values.list("columns"), values.range());
        case "freshness" ->
            new QualityRule.Freshness(
                name, severity, values.required("column"), values.duration("max-age"));
        case "sql-metric" ->
            new QualityRule.SqlMetric(
                name, severity, values.required("sql"), values.condition("condition"));
        case "row-count-anomaly" ->
            new QualityRule.RowCountAnomaly(
                name,
                severity,
                (int) values.number("runs", 5),
                values.number("max-deviation-percent", Double.NaN));
        case "row-count-change" ->
            new QualityRule.RowCountChange(
                name, severity, values.number("max-change-percent", Double.NaN));
        default -> throw new IllegalStateException("Unhandled rule type " + type);
      };
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(
          message != null && message.startsWith(key) ? message : key + ": " + message, e);
    }
  }

  private static Map<String, Set<String>> parameters() {
    Map<String, Set<String>> parameters = new LinkedHashMap<>();
    Set<String> fraction = Set.of("threshold");
    parameters.put("completeness", with(fraction, "column"));
    parameters.put("allowed-values", with(fraction, "column", "values"));
    parameters.put("range", with(fraction, "column", "min", "max"));
    parameters.put("non-negative", with(fraction, "column"));
    parameters.put("pattern", with(fraction, "column", "pattern"));
    parameters.put("length", with(fraction, "column", "min", "max"));
    parameters.put("sql-predicate", with(fraction, "predicate"));
    parameters.put(
        "referential-integrity",
        with(
            fraction,
            "column",
            "reference.path",
            "reference.format",
            "reference.dataset",
            "reference.column"));
    parameters.put("row-count", Set.of("min", "max"));
    parameters.put("uniqueness", with(fraction, "columns"));
    parameters.put("primary-key", Set.of("columns"));
    parameters.put("distinct-values", Set.of("columns", "min", "max"));
    parameters.put("freshness", Set.of("column", "max-age"));
    parameters.put("sql-metric", Set.of("sql", "condition"));
    parameters.put("row-count-anomaly", Set.of("runs", "max-deviation-percent"));
    parameters.put("row-count-change", Set.of("max-change-percent"));
    return Collections.unmodifiableMap(parameters);
  }

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> all = new TreeSet<>(base);
    all.addAll(Arrays.asList(more));
    return Set.copyOf(all);
  }

  /** The parameters of one rule, each read with its full key in messages. */
  private record Parameters(Map<String, String> values, String key) {
    String required(String parameter) {
      return optional(parameter)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      key + "." + parameter + ": missing, it is required"));
    }

    Optional<String> optional(String parameter) {
      String value = values.get(parameter);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    Severity severity(Severity defaultSeverity) {
      Optional<String> text = optional("severity");
      if (text.isEmpty()) {
        return defaultSeverity;
      }
      try {
        return Severity.valueOf(text.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            key + ".severity: '" + text.get() + "' is not one of warn, quarantine, fail");
      }
    }

    /** {@code threshold}: the fraction of rows that must pass; default every row. */
    Condition fraction() {
      return optional("threshold").map(text -> condition("threshold")).orElse(Condition.atLeast(1));
    }

    Condition condition(String parameter) {
      String text = required(parameter);
      try {
        return Condition.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + "." + parameter + ": " + e.getMessage(), e);
      }
    }

    /** {@code min} and/or {@code max}, inclusive. */
    Condition range() {
      double min = number("min", Double.NEGATIVE_INFINITY);
      double max = number("max", Double.POSITIVE_INFINITY);
      if (Double.isInfinite(min) && Double.isInfinite(max)) {
        throw new IllegalArgumentException(key + ": set min, max or both");
      }
      if (Double.isInfinite(max)) {
        return Condition.atLeast(min);
      }
      if (Double.isInfinite(min)) {
        return Condition.atMost(max);
      }
      if (min > max) {
        throw new IllegalArgumentException(key + ": min " + min + " is above max " + max);
      }
      return Condition.inRange(min, max);
    }

    double number(String parameter, double fallback) {
      Optional<String> text = optional(parameter);
      if (text.isEmpty()) {
        if (Double.isNaN(fallback)) {
          throw new IllegalArgumentException(key + "." + parameter + ": missing, it is required");
        }
        return fallback;
      }
      try {
        return Double.parseDouble(text.get());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            key + "." + parameter + ": '" + text.get() + "' is not a number");
      }
    }

    List<String> list(String parameter) {
      // YAML lists arrive joined with commas, items holding a comma quoted (ConfigLists).
      List<String> items = new ArrayList<>();
      for (String item : ConfigLists.split(required(parameter))) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }

    /** Files ({@code reference.path}, {@code .format}) or a dataset of the job. */
    QualityRule.Reference reference() {
      Optional<String> dataset = optional("reference.dataset");
      if (dataset.isEmpty()) {
        return new QualityRule.Reference(
            required("reference.path"),
            optional("reference.format").orElse("parquet"),
            required("reference.column"));
      }
      if (optional("reference.path").isPresent() || optional("reference.format").isPresent()) {
        throw new IllegalArgumentException(
            key
                + ".reference.dataset: set either reference.dataset or reference.path (with"
                + " reference.format), not both");
      }
      return QualityRule.Reference.dataset(dataset.get(), required("reference.column"));
    }

    /** {@code 36h}, {@code 2d}, {@code 90m}, {@code 30s} or ISO-8601 {@code PT36H}. */
    Duration duration(String parameter) {
      String text = required(parameter);
      Matcher matcher = DURATION.matcher(text);
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            key + "." + parameter + ": '" + text + "' is not a duration like 36h, 2d or PT36H");
      }
    }
  }
}
