package dev.lakeetl.jobs.curate;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.notify.NotifyKeys;
import dev.lakeetl.quality.QualityKeys;
import java.util.List;
import java.util.Map;

/**
 * The keys of the refined-to-curated job, on top of {@link CoreKeys#BASE}. Inputs, transforms and
 * outputs are named by the user, so they are sections of free-form map keys ({@code
 * input.<name>.<attribute>}, read with {@link dev.lakeetl.config.ConfigSections}) whose attributes
 * are keys of their own, grouped in {@link #INPUT_ATTRIBUTES}, {@link #TRANSFORM_ATTRIBUTES} and
 * {@link #OUTPUT_ATTRIBUTES}; the order of the steps comes from {@link #TRANSFORMS}. The {@code
 * incremental.*} keys ({@link IncrementalKeys}) select the days of the incremental inputs.
 */
public final class CurateKeys {
  public static final ConfigKey<Map<String, String>> INPUT =
      ConfigKey.map("input")
          .required()
          .description(
              "Named inputs, each registered as a view under its name (a SQL identifier):"
                  + " input.<name>.<attribute>");

  public static final ConfigKey<String> INPUT_PATH =
      ConfigKey.string("path")
          .required()
          .description("File or folder to read; a partitioned Parquet table is read from its root");

  public static final ConfigKey<SourceFormat> INPUT_FORMAT =
      ConfigKey.enumeration("format", SourceFormat.class)
          .withDefault(SourceFormat.PARQUET)
          .description("File format of the input");

  public static final ConfigKey<String> INPUT_SCHEMA =
      ConfigKey.string("schema")
          .description(
              "Declared schema in Spark DDL, e.g. iata STRING, name STRING; unset: the files' own"
                  + " (Parquet) or inferred");

  public static final ConfigKey<String> INPUT_FILTER =
      ConfigKey.string("filter")
          .description(
              "SQL predicate applied right after reading, e.g. year = 2001; on partition columns"
                  + " it prunes the folders read");

  public static final ConfigKey<Map<String, String>> INPUT_OPTIONS =
      ConfigKey.map("options")
          .description(
              "Spark reader options, e.g. options.delimiter; CSV reads a header line unless"
                  + " options.header is false");

  public static final ConfigKey<Boolean> INPUT_INCREMENTAL =
      ConfigKey.bool("incremental")
          .withDefault(false)
          .description(
              "true: a Parquet table in year=/month=/day= folders whose days incremental.mode"
                  + " selects; false: read whole (dimensions such as the airports)");

  /** The attributes of an {@code input.<name>} section. */
  public static final ConfigSchema INPUT_ATTRIBUTES =
      ConfigSchema.of(
          INPUT_PATH, INPUT_FORMAT, INPUT_SCHEMA, INPUT_FILTER, INPUT_OPTIONS, INPUT_INCREMENTAL);

  public static final ConfigKey<List<String>> TRANSFORMS =
      ConfigKey.list("transforms")
          .withDefault(List.of())
          .description(
              "Transform steps in run order; each is declared under transform.<name>. Empty:"
                  + " outputs write inputs as they are");

  public static final ConfigKey<Map<String, String>> TRANSFORM =
      ConfigKey.map("transform")
          .description(
              "Transform steps, each a SQL file or a Java class producing a dataset named like the"
                  + " step: transform.<name>.<attribute>");

  public static final ConfigKey<String> TRANSFORM_SQL =
      ConfigKey.string("sql")
          .description(
              "A file holding one Spark SQL query, relative to the config file; set this or"
                  + " class");

  public static final ConfigKey<String> TRANSFORM_CLASS =
      ConfigKey.string("class")
          .description(
              "A DatasetTransform implementation with a public no-argument constructor (fully"
                  + " qualified class name); set this or sql");

  public static final ConfigKey<String> TRANSFORM_INPUT =
      ConfigKey.string("input")
          .description(
              "With class, required: the input or earlier step whose dataset the transform gets");

  public static final ConfigKey<Map<String, String>> TRANSFORM_OPTIONS =
      ConfigKey.map("options")
          .description("With class: options given to the transform in its context");

  /** The attributes of a {@code transform.<name>} section: a SQL step or a Java step. */
  public static final ConfigSchema TRANSFORM_ATTRIBUTES =
      ConfigSchema.of(TRANSFORM_SQL, TRANSFORM_CLASS, TRANSFORM_INPUT, TRANSFORM_OPTIONS);

  /** A SQL step's attributes. */
  static final ConfigSchema SQL_STEP_ATTRIBUTES = ConfigSchema.of(TRANSFORM_SQL.required());

  /** A Java step's attributes. */
  static final ConfigSchema JAVA_STEP_ATTRIBUTES =
      ConfigSchema.of(TRANSFORM_CLASS.required(), TRANSFORM_INPUT.required(), TRANSFORM_OPTIONS);

  public static final ConfigKey<Map<String, String>> OUTPUT =
      ConfigKey.map("output")
          .required()
          .description(
              "Datasets to write, each named like the input or step it writes:"
                  + " output.<name>.<attribute>");

  public static final ConfigKey<String> OUTPUT_PATH =
      ConfigKey.string("path").required().description("The table root to write");

  // An output is written like the target of a batch job: its writer settings are the target's.
  public static final ConfigKey<List<String>> OUTPUT_PARTITION_BY =
      CoreKeys.TARGET_PARTITION_BY.withName("partition-by");

  public static final ConfigKey<WriteMode> OUTPUT_WRITE_MODE =
      CoreKeys.TARGET_WRITE_MODE.withName("write-mode");

  public static final ConfigKey<String> OUTPUT_COMPRESSION =
      CoreKeys.TARGET_COMPRESSION.withName("compression");

  public static final ConfigKey<Long> OUTPUT_MAX_RECORDS_PER_FILE =
      CoreKeys.TARGET_MAX_RECORDS_PER_FILE.withName("max-records-per-file");

  public static final ConfigKey<String> OUTPUT_RECONCILE_WITH =
      ConfigKey.string("reconcile-with")
          .description(
              "An input whose row count this output must equal (a pass-through output); unset for"
                  + " aggregates, whose counts are only reported");

  // A catalog table name like catalog.table's, checked by the same rule.
  public static final ConfigKey<String> OUTPUT_TABLE =
      CoreKeys.CATALOG_TABLE
          .withName("table")
          .description(
              "Catalog table name, lower-case letters, digits and underscores; default the output"
                  + " name");

  public static final ConfigKey<String> OUTPUT_QUARANTINE_PATH =
      ConfigKey.string("quarantine-path")
          .description(
              "Where rows breaking a quarantine rule go, as run_id=<run id>/; default"
                  + " <path>/_quarantine");

  /**
   * The attributes of an {@code output.<name>} section, including every quality key ({@code
   * output.<name>.quality.*}), whose defaults are relative to the output's path.
   */
  public static final ConfigSchema OUTPUT_ATTRIBUTES =
      ConfigSchema.of(
              OUTPUT_PATH,
              OUTPUT_PARTITION_BY,
              OUTPUT_WRITE_MODE,
              OUTPUT_COMPRESSION,
              OUTPUT_MAX_RECORDS_PER_FILE,
              OUTPUT_RECONCILE_WITH,
              OUTPUT_TABLE,
              OUTPUT_QUARANTINE_PATH)
          .plus(QualityKeys.SCHEMA);

  public static final ConfigKey<String> REPORT_PATH =
      ConfigKey.string("report.path").required().description("Where run reports go");

  /** The job's own keys, documented in a table of their own. */
  public static final ConfigSchema OWN =
      ConfigSchema.of(INPUT, TRANSFORMS, TRANSFORM, OUTPUT, REPORT_PATH);

  /** Every key the job accepts. */
  public static final ConfigSchema SCHEMA =
      CoreKeys.BASE
          .plus(OWN)
          .plus(CoreKeys.LEASE)
          .plus(
              ConfigSchema.of(
                  CoreKeys.CATALOG_ENABLED,
                  CoreKeys.CATALOG_DATABASE,
                  CoreKeys.CATALOG_SCHEMA_CHANGE,
                  CoreKeys.QUARANTINE_MAX_RATIO))
          .plus(NotifyKeys.SCHEMA)
          .plus(IncrementalKeys.SCHEMA);

  private CurateKeys() {}
}
