package dev.lakeetl.quality.rules;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One declared data-quality rule. Every rule has a name (used in the report and as the quarantine
 * reason) and a {@link Severity}. {@link RowRule}s judge each row and can be computed while the
 * data is written; the others judge the dataset as a whole.
 */
public sealed interface QualityRule {
  /** The rule's name: the config key's rule name, or the rule text for DQDL rules. */
  String name();

  /** What breaking the rule does. */
  Severity severity();

  /**
   * The rule type as written in native configuration, e.g. {@code completeness}, also for rules
   * read from DQDL; a non-negative rule is a {@code range}.
   */
  String type();

  /** What the measured value must satisfy, for the report, e.g. {@code >= 0.99}. */
  String threshold();

  /**
   * The columns of the checked data the rule names, which must exist before it is checked. Rules
   * that name columns answer with their own; the SQL rules leave theirs to Spark's analysis and the
   * row-count rules name none.
   */
  default List<String> columns() {
    return List.of();
  }

  /** A rule about the values of one column. */
  sealed interface ColumnRule extends QualityRule {
    /** The checked column. */
    String column();

    @Override
    default List<String> columns() {
      return List.of(column());
    }
  }

  /**
   * A rule judged row by row: its measured value is the fraction of rows that pass, and {@link
   * #fraction()} says which fraction is enough. Nulls pass every row rule except completeness.
   */
  sealed interface RowRule extends QualityRule {
    /** The fraction of rows that must pass; {@code >= 1} means every row. */
    Condition fraction();

    /** What a row must satisfy, e.g. {@code value >= 0 and <= 100}. */
    String check();

    @Override
    default String threshold() {
      return check() + " in a fraction " + fraction() + " of rows";
    }
  }

  /** The column holds a value (not null). */
  record Completeness(String name, Severity severity, String column, Condition fraction)
      implements RowRule, ColumnRule {
    public Completeness {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.COMPLETENESS.configName();
    }

    @Override
    public String check() {
      return column + " not null";
    }
  }

  /** The value is one of {@code values} (compared as text). */
  record AllowedValues(
      String name, Severity severity, String column, List<String> values, Condition fraction)
      implements RowRule, ColumnRule {
    public AllowedValues {
      checkName(name, severity);
      checkColumn(name, column);
      values = checkNotEmpty(name, values, "values");
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.ALLOWED_VALUES.configName();
    }

    @Override
    public String check() {
      return column + " in " + values;
    }
  }

  /** The numeric (or date/timestamp as epoch seconds) value satisfies {@code values}. */
  record ValueRange(
      String name, Severity severity, String column, Condition values, Condition fraction)
      implements RowRule, ColumnRule {
    public ValueRange {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(values, "values is null");
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.RANGE.configName();
    }

    @Override
    public String check() {
      return column + " " + values;
    }
  }

  /** The text value matches {@code regex} in full (Java regular expression syntax). */
  record TextPattern(
      String name, Severity severity, String column, String regex, Condition fraction)
      implements RowRule, ColumnRule {
    public TextPattern {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(regex, "regex is null");
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Cannot declare quality rule '"
                + name
                + "': pattern '"
                + regex
                + "' is not a regular expression: "
                + e.getDescription());
      }
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.PATTERN.configName();
    }

    @Override
    public String check() {
      return column + " matches " + regex;
    }
  }

  /** The length of the text value satisfies {@code length}. */
  record Length(String name, Severity severity, String column, Condition length, Condition fraction)
      implements RowRule, ColumnRule {
    public Length {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(length, "length is null");
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.LENGTH.configName();
    }

    @Override
    public String check() {
      return "length(" + column + ") " + length;
    }
  }

  /** The Spark SQL boolean expression is true for the row (null or false fails it). */
  record SqlPredicate(String name, Severity severity, String predicate, Condition fraction)
      implements RowRule {
    public SqlPredicate {
      checkName(name, severity);
      checkText(name, predicate, "predicate");
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.SQL_PREDICATE.configName();
    }

    @Override
    public String check() {
      return predicate;
    }
  }

  /** The value exists in {@code reference}: every route airport exists in airports. */
  record References(
      String name, Severity severity, String column, Reference reference, Condition fraction)
      implements RowRule, ColumnRule {
    public References {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(reference, "reference is null");
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.REFERENTIAL_INTEGRITY.configName();
    }

    @Override
    public String check() {
      return reference.isDataset()
          ? column + " in " + reference.path() + "." + reference.column()
          : column + " in " + reference.path() + " column " + reference.column();
    }
  }

  /**
   * Another dataset a rule compares with.
   *
   * @param path file or folder; for format {@value #DATASET}, the name of a table or temporary view
   *     of the job's Spark session (e.g. an input of refined-to-curated)
   * @param format parquet, csv (with a header line), json (one document per line) or {@value
   *     #DATASET}
   * @param column the column holding the referenced values
   */
  record Reference(String path, String format, String column) {
    /** The format of a reference to a dataset the job itself has by name. */
    public static final String DATASET = "dataset";

    public static final List<String> FORMATS = List.of("parquet", "csv", "json", DATASET);

    /** A reference to a table or view of the job's session. */
    public static Reference dataset(String name, String column) {
      return new Reference(name, DATASET, column);
    }

    /** Whether {@link #path} names a dataset of the job rather than files. */
    public boolean isDataset() {
      return DATASET.equals(format);
    }

    public Reference {
      requireNonNull(path, "path is null");
      format = requireNonNull(format, "format is null").toLowerCase(Locale.ROOT);
      requireNonNull(column, "column is null");
      if (path.isBlank() || column.isBlank()) {
        throw new IllegalArgumentException("Cannot declare reference: path and column are needed");
      }
      if (!FORMATS.contains(format)) {
        throw new IllegalArgumentException(
            "Cannot declare reference "
                + path
                + ": format '"
                + format
                + "' is not one of "
                + FORMATS);
      }
    }
  }

  /** The number of rows satisfies {@code count}. */
  record RowCount(String name, Severity severity, Condition count) implements QualityRule {
    public RowCount {
      checkName(name, severity);
      requireNonNull(count, "count is null");
    }

    @Override
    public String type() {
      return RuleType.ROW_COUNT.configName();
    }

    @Override
    public String threshold() {
      return "rows " + count;
    }
  }

  /**
   * The fraction of rows whose value (combination of {@code columns}) occurs exactly once satisfies
   * {@code fraction}, as Deequ's Uniqueness measures it.
   */
  record Uniqueness(String name, Severity severity, List<String> columns, Condition fraction)
      implements QualityRule {
    public Uniqueness {
      checkName(name, severity);
      columns = checkColumns(name, columns);
      requireNonNull(fraction, "fraction is null");
    }

    @Override
    public String type() {
      return RuleType.UNIQUENESS.configName();
    }

    @Override
    public String threshold() {
      return "uniqueness of " + columns + " " + fraction;
    }
  }

  /** {@code columns} together are complete and unique in every row. */
  record PrimaryKey(String name, Severity severity, List<String> columns) implements QualityRule {
    public PrimaryKey {
      checkName(name, severity);
      columns = checkColumns(name, columns);
    }

    @Override
    public String type() {
      return RuleType.PRIMARY_KEY.configName();
    }

    @Override
    public String threshold() {
      return columns + " complete and unique";
    }
  }

  /** The number of distinct values of {@code columns} satisfies {@code count}. */
  record DistinctValues(String name, Severity severity, List<String> columns, Condition count)
      implements QualityRule {
    public DistinctValues {
      checkName(name, severity);
      columns = checkColumns(name, columns);
      requireNonNull(count, "count is null");
    }

    @Override
    public String type() {
      return RuleType.DISTINCT_VALUES.configName();
    }

    @Override
    public String threshold() {
      return "distinct values of " + columns + " " + count;
    }
  }

  /**
   * The newest value of the event-time column is at most {@code maxAge} old when the rule is
   * evaluated. The measured value is that age in hours.
   */
  record Freshness(String name, Severity severity, String column, Duration maxAge)
      implements ColumnRule {
    public Freshness {
      checkName(name, severity);
      checkColumn(name, column);
      requireNonNull(maxAge, "maxAge is null");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException(
            "Cannot declare quality rule '" + name + "': max-age must be positive");
      }
    }

    @Override
    public String type() {
      return RuleType.FRESHNESS.configName();
    }

    @Override
    public String threshold() {
      return "age <= " + Condition.format(maxAge.toSeconds() / 3600.0) + " hours";
    }
  }

  /**
   * A SQL query over the dataset, registered as the view {@code primary} (as in DQDL), returns one
   * number that must satisfy {@code value}.
   */
  record SqlMetric(String name, Severity severity, String sql, Condition value)
      implements QualityRule {
    public SqlMetric {
      checkName(name, severity);
      checkText(name, sql, "sql");
      requireNonNull(value, "value is null");
    }

    @Override
    public String type() {
      return RuleType.SQL_METRIC.configName();
    }

    @Override
    public String threshold() {
      return value.toString();
    }
  }

  /**
   * The row count is within {@code maxDeviationPercent} of the mean row count of the last {@code
   * runs} published runs. Passes with a note while there is no history.
   */
  record RowCountAnomaly(String name, Severity severity, int runs, double maxDeviationPercent)
      implements QualityRule {
    public RowCountAnomaly {
      checkName(name, severity);
      if (runs < 1) {
        throw new IllegalArgumentException(
            "Cannot declare quality rule '" + name + "': runs must be at least 1, not " + runs);
      }
      checkPercent(name, maxDeviationPercent);
    }

    @Override
    public String type() {
      return RuleType.ROW_COUNT_ANOMALY.configName();
    }

    @Override
    public String threshold() {
      return "within " + Condition.format(maxDeviationPercent) + "% of the mean of last " + runs;
    }
  }

  /**
   * The row count differs by at most {@code maxChangePercent} from the previous published run.
   * Passes with a note while there is no history.
   */
  record RowCountChange(String name, Severity severity, double maxChangePercent)
      implements QualityRule {
    public RowCountChange {
      checkName(name, severity);
      checkPercent(name, maxChangePercent);
    }

    @Override
    public String type() {
      return RuleType.ROW_COUNT_CHANGE.configName();
    }

    @Override
    public String threshold() {
      return "change <= " + Condition.format(maxChangePercent) + "%";
    }
  }

  private static void checkName(String name, Severity severity) {
    if (requireNonNull(name, "name is null").isBlank()) {
      throw new IllegalArgumentException("Cannot declare quality rule: name is empty");
    }
    requireNonNull(severity, "severity is null");
  }

  private static void checkColumn(String name, String column) {
    checkText(name, column, "column");
  }

  /** Refuses a missing or blank text {@code parameter} of rule {@code name}. */
  private static void checkText(String name, String value, String parameter) {
    if (requireNonNull(value, parameter + " is null").isBlank()) {
      throw new IllegalArgumentException(
          "Cannot declare quality rule '" + name + "': " + parameter + " is empty");
    }
  }

  /** A copy of the list {@code parameter} of rule {@code name}, refused when missing or empty. */
  private static <T> List<T> checkNotEmpty(String name, List<T> values, String parameter) {
    List<T> copy = List.copyOf(requireNonNull(values, parameter + " is null"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot declare quality rule '" + name + "': " + parameter + " is empty");
    }
    return copy;
  }

  private static List<String> checkColumns(String name, List<String> columns) {
    List<String> copy = checkNotEmpty(name, columns, "columns");
    copy.forEach(column -> checkColumn(name, column));
    return copy;
  }

  private static void checkPercent(String name, double percent) {
    if (!(percent >= 0)) {
      throw new IllegalArgumentException(
          "Cannot declare quality rule '" + name + "': a percentage must be >= 0, not " + percent);
    }
  }
}
