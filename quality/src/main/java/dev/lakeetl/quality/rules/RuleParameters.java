package dev.lakeetl.quality.rules;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of native quality rules, {@code quality.rules.<rule>.<parameter>}: every rule has
 * {@link #TYPE} and {@link #SEVERITY}, and its type decides which others it takes ({@link #of}).
 */
public final class RuleParameters {
  public static final ConfigKey<RuleType> TYPE =
      ConfigKey.enumeration("type", RuleType.class)
          .required()
          .description("What the rule checks; its other parameters depend on it");

  public static final ConfigKey<Severity> SEVERITY =
      ConfigKey.enumeration("severity", Severity.class)
          .description("What a broken rule does; default quality.default-severity");

  public static final ConfigKey<String> COLUMN =
      ConfigKey.string("column").description("The column the rule checks");

  public static final ConfigKey<Condition> THRESHOLD =
      condition("threshold")
          .withDefault(Condition.atLeast(1))
          .description(
              "Fraction of rows that must pass: a number (0.99 means >= 0.99) or a DQDL comparison"
                  + " (> 0.95, between 0.9 and 1)");

  public static final ConfigKey<Double> MIN =
      ConfigKey.number("min")
          .description("Smallest allowed value, inclusive; set min, max or both");

  public static final ConfigKey<Double> MAX =
      ConfigKey.number("max").description("Largest allowed value, inclusive; set min, max or both");

  public static final ConfigKey<List<String>> VALUES =
      ConfigKey.list("values").description("The allowed values, compared as text");

  public static final ConfigKey<List<String>> COLUMNS =
      ConfigKey.list("columns").description("The columns whose value combination is checked");

  public static final ConfigKey<String> PATTERN =
      ConfigKey.string("pattern").description("Java regular expression the whole value matches");

  public static final ConfigKey<String> PREDICATE =
      ConfigKey.string("predicate")
          .description("Spark SQL boolean expression each row must satisfy");

  public static final ConfigKey<String> REFERENCE_PATH =
      ConfigKey.string("reference.path")
          .description("Files holding the referenced values; set this or reference.dataset");

  public static final ConfigKey<String> REFERENCE_FORMAT =
      ConfigKey.string("reference.format")
          .description("Format of reference.path: parquet (default), csv with header, json");

  public static final ConfigKey<String> REFERENCE_DATASET =
      ConfigKey.string("reference.dataset")
          .description(
              "A table or view of the job holding the referenced values, e.g. a curated job's"
                  + " input or step; set this or reference.path");

  public static final ConfigKey<String> REFERENCE_COLUMN =
      ConfigKey.string("reference.column").description("The referenced column");

  public static final ConfigKey<Duration> MAX_AGE =
      ConfigKey.duration("max-age")
          .description("How old the newest value may be, e.g. 36h, 2d, 90m or PT36H");

  public static final ConfigKey<String> SQL =
      ConfigKey.string("sql").description("A query over the view primary that returns one number");

  public static final ConfigKey<Condition> CONDITION =
      condition("condition")
          .description("What the query's number must satisfy, written like threshold");

  public static final ConfigKey<Integer> RUNS =
      ConfigKey.integer("runs")
          .withDefault(5)
          .positive()
          .description("How many earlier published runs the mean row count is taken over");

  public static final ConfigKey<Double> MAX_DEVIATION_PERCENT =
      ConfigKey.number("max-deviation-percent")
          .description("Largest allowed deviation, in %, from the mean row count of the last runs");

  public static final ConfigKey<Double> MAX_CHANGE_PERCENT =
      ConfigKey.number("max-change-percent")
          .description("Largest allowed change, in %, from the previous published run's row count");

  /**
   * Every parameter once, as declared (required only for the types that need it): the reference
   * table of rule parameters; which type takes which is {@link #of}.
   */
  public static final ConfigSchema ALL =
      ConfigSchema.of(
          TYPE,
          SEVERITY,
          COLUMN,
          THRESHOLD,
          MIN,
          MAX,
          VALUES,
          COLUMNS,
          PATTERN,
          PREDICATE,
          REFERENCE_PATH,
          REFERENCE_FORMAT,
          REFERENCE_DATASET,
          REFERENCE_COLUMN,
          MAX_AGE,
          SQL,
          CONDITION,
          RUNS,
          MAX_DEVIATION_PERCENT,
          MAX_CHANGE_PERCENT);

  private static final Map<RuleType, ConfigSchema> SCHEMAS = schemas();

  private RuleParameters() {}

  /** The parameters a rule of {@code type} takes, {@link #TYPE} and {@link #SEVERITY} included. */
  public static ConfigSchema of(RuleType type) {
    return SCHEMAS.get(type);
  }

  /** A {@link Condition} parameter, written like {@code >= 0.95}. */
  private static ConfigKey<Condition> condition(String name) {
    return ConfigKey.parsed(
        name,
        "condition",
        "a number or a comparison like >= 0.95 or between 0.9 and 1",
        Condition::parse);
  }

  private static Map<RuleType, ConfigSchema> schemas() {
    ConfigSchema common = ConfigSchema.of(TYPE, SEVERITY);
    ConfigSchema column = ConfigSchema.of(COLUMN.required());
    Map<RuleType, ConfigSchema> schemas = new EnumMap<>(RuleType.class);
    schemas.put(RuleType.COMPLETENESS, column.plus(ConfigSchema.of(THRESHOLD)));
    schemas.put(
        RuleType.ALLOWED_VALUES, column.plus(ConfigSchema.of(VALUES.required(), THRESHOLD)));
    schemas.put(RuleType.RANGE, column.plus(ConfigSchema.of(MIN, MAX, THRESHOLD)));
    schemas.put(RuleType.NON_NEGATIVE, column.plus(ConfigSchema.of(THRESHOLD)));
    schemas.put(RuleType.PATTERN, column.plus(ConfigSchema.of(PATTERN.required(), THRESHOLD)));
    schemas.put(RuleType.LENGTH, column.plus(ConfigSchema.of(MIN, MAX, THRESHOLD)));
    schemas.put(RuleType.SQL_PREDICATE, ConfigSchema.of(PREDICATE.required(), THRESHOLD));
    schemas.put(
        RuleType.REFERENTIAL_INTEGRITY,
        column.plus(
            ConfigSchema.of(
                REFERENCE_PATH,
                REFERENCE_FORMAT,
                REFERENCE_DATASET,
                REFERENCE_COLUMN.required(),
                THRESHOLD)));
    schemas.put(RuleType.ROW_COUNT, ConfigSchema.of(MIN, MAX));
    schemas.put(RuleType.UNIQUENESS, ConfigSchema.of(COLUMNS.required(), THRESHOLD));
    schemas.put(RuleType.PRIMARY_KEY, ConfigSchema.of(COLUMNS.required()));
    schemas.put(RuleType.DISTINCT_VALUES, ConfigSchema.of(COLUMNS.required(), MIN, MAX));
    schemas.put(RuleType.FRESHNESS, column.plus(ConfigSchema.of(MAX_AGE.required())));
    schemas.put(RuleType.SQL_METRIC, ConfigSchema.of(SQL.required(), CONDITION.required()));
    schemas.put(
        RuleType.ROW_COUNT_ANOMALY, ConfigSchema.of(RUNS, MAX_DEVIATION_PERCENT.required()));
    schemas.put(RuleType.ROW_COUNT_CHANGE, ConfigSchema.of(MAX_CHANGE_PERCENT.required()));
    schemas.replaceAll((type, parameters) -> common.plus(parameters));
    return Collections.unmodifiableMap(schemas);
  }
}
