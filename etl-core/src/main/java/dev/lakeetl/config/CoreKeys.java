package dev.lakeetl.config;

import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The configuration keys every batch job shares, with their types, defaults and descriptions. */
public final class CoreKeys {
  private CoreKeys() {}

  /**
   * What {@code quarantine.max-ratio} defaults to: a run that rejects more records than it keeps
   * almost always read a changed upstream format, not a few bad records.
   */
  public static final String DEFAULT_QUARANTINE_MAX_RATIO = "50%";

  public static final ConfigKey<String> JOB_NAME =
      ConfigKey.string("job.name")
          .required()
          .description("Job name, used for the Spark app name, logs and run reports");
  public static final ConfigKey<String> JOB_DESCRIPTION =
      ConfigKey.string("job.description").description("Free text shown in logs and run reports");
  public static final ConfigKey<RuntimeChoice> RUNTIME =
      ConfigKey.enumeration("runtime", RuntimeChoice.class)
          .withDefault(RuntimeChoice.AUTO)
          .description(
              "Where the job runs; auto detects Glue from its job arguments and EMR Serverless"
                  + " from a non-local spark.master");

  public static final ConfigKey<String> SPARK_MASTER =
      ConfigKey.string("spark.master")
          .description(
              "Spark master for local runs; default: what spark-submit passed, else local[*]");
  public static final ConfigKey<Map<String, String>> SPARK_CONF =
      ConfigKey.map("spark.conf")
          .description("Extra Spark settings, e.g. spark.conf.spark.sql.shuffle.partitions: 64");

  public static final ConfigKey<String> S3_ENDPOINT =
      ConfigKey.string("s3.endpoint")
          .description("S3 endpoint override for S3-compatible stores, e.g. http://127.0.0.1:9000");
  public static final ConfigKey<String> S3_REGION =
      ConfigKey.string("s3.region").description("S3 signing region");
  public static final ConfigKey<Boolean> S3_PATH_STYLE_ACCESS =
      ConfigKey.bool("s3.path-style-access")
          .withDefault(false)
          .description("Address buckets as endpoint/bucket instead of bucket.endpoint");
  public static final ConfigKey<String> S3_ACCESS_KEY =
      ConfigKey.string("s3.access-key")
          .secret()
          .description("Static access key; empty means the default credential chain");
  public static final ConfigKey<String> S3_SECRET_KEY =
      ConfigKey.string("s3.secret-key").secret().description("Static secret key");
  public static final ConfigKey<String> S3_SESSION_TOKEN =
      ConfigKey.string("s3.session-token")
          .secret()
          .description("Session token for temporary credentials");

  public static final ConfigKey<String> CATALOG_LOCAL_PATH =
      ConfigKey.string("catalog.local.path")
          .description(
              "Local runs with catalog.enabled: folder of the embedded metastore and its"
                  + " warehouse, e.g. out/metastore");

  public static final ConfigKey<List<String>> SOURCE_PATH =
      ConfigKey.list("source.path")
          .required()
          .description("Input files or folders: a YAML list or comma-separated");
  public static final ConfigKey<SourceFormat> SOURCE_FORMAT =
      ConfigKey.enumeration("source.format", SourceFormat.class)
          .required()
          .description("Input file format");
  public static final ConfigKey<Boolean> SOURCE_MULTILINE =
      ConfigKey.bool("source.multiline")
          .withDefault(false)
          .description("JSON only: records may span lines (arrays, pretty-printed documents)");
  public static final ConfigKey<String> SOURCE_SCHEMA =
      ConfigKey.string("source.schema")
          .description("Declared schema as a Spark DDL string; empty means infer it");
  public static final ConfigKey<Boolean> SOURCE_CSV_HEADER =
      ConfigKey.bool("source.csv.header")
          .withDefault(true)
          .description("CSV: the first line of each file names the columns");
  public static final ConfigKey<String> SOURCE_CSV_DELIMITER =
      ConfigKey.string("source.csv.delimiter")
          .withDefault(",")
          .check(value -> !value.isEmpty(), "a non-empty text")
          .description("CSV: field separator");
  public static final ConfigKey<String> SOURCE_CSV_QUOTE =
      ConfigKey.string("source.csv.quote").withDefault("\"").description("CSV: quote character");
  public static final ConfigKey<String> SOURCE_CSV_ESCAPE =
      ConfigKey.string("source.csv.escape")
          .withDefault("\\")
          .description("CSV: escape character inside quoted values");
  public static final ConfigKey<String> SOURCE_TIMESTAMP_FORMAT =
      ConfigKey.string("source.timestamp-format")
          .description("Pattern for parsing timestamps from text; empty for Spark's default");
  public static final ConfigKey<String> SOURCE_DATE_FORMAT =
      ConfigKey.string("source.date-format")
          .description("Pattern for parsing dates from text; empty for Spark's default");
  public static final ConfigKey<Boolean> SOURCE_EMPTY_AS_NULL =
      ConfigKey.bool("source.empty-as-null")
          .withDefault(true)
          .description(
              "CSV and JSON: an empty field (,, or \"\") is null in every column; false keeps it as"
                  + " text: the empty string, or an invalid value in a typed column (quarantined)");
  public static final ConfigKey<List<String>> SOURCE_NULL_VALUES =
      ConfigKey.list("source.null-values")
          .withDefault(List.of())
          .description(
              "CSV and JSON: more field texts that are null in every column, e.g. [NA, n/a] (like"
                  + " Spark's CSV nullValue)");
  public static final ConfigKey<Boolean> SOURCE_RECURSIVE =
      ConfigKey.bool("source.recursive")
          .withDefault(true)
          .description("Read files in nested folders too");
  public static final ConfigKey<Map<String, String>> SOURCE_OPTIONS =
      ConfigKey.map("source.options")
          .description("Extra Spark reader options passed through as they are");

  public static final ConfigKey<String> TARGET_PATH =
      ConfigKey.string("target.path").required().description("Output folder (table root)");
  public static final ConfigKey<List<String>> TARGET_PARTITION_BY =
      ConfigKey.list("target.partition-by")
          .withDefault(List.of())
          .description("Partition columns in folder order, e.g. [year, month, day]");
  public static final ConfigKey<String> TARGET_COMPRESSION =
      ConfigKey.string("target.compression")
          .withDefault(WriterConfig.DEFAULT_COMPRESSION)
          .description("Parquet codec: snappy, zstd, gzip, none");
  public static final ConfigKey<Long> TARGET_MAX_RECORDS_PER_FILE =
      ConfigKey.longInteger("target.max-records-per-file")
          .withDefault(WriterConfig.DEFAULT_MAX_RECORDS_PER_FILE)
          .positive()
          .description("Upper bound on rows in one output file");
  public static final ConfigKey<WriteMode> TARGET_WRITE_MODE =
      ConfigKey.enumeration("target.write-mode", WriteMode.class)
          .withDefault(WriteMode.OVERWRITE_PARTITIONS)
          .description(
              "Replace the partitions this run writes, or add files next to existing ones");

  public static final ConfigKey<String> QUARANTINE_PATH =
      ConfigKey.string("quarantine.path")
          .description("Where rejected records go; default target.path/_quarantine");
  public static final ConfigKey<String> QUARANTINE_MAX_RATIO =
      ConfigKey.string("quarantine.max-ratio")
          .withDefault(DEFAULT_QUARANTINE_MAX_RATIO)
          .check(Ratio::isLimit, Ratio.expectedLimit())
          .description(
              "Largest share of the records read (refined-to-curated: of each output's rows) that"
                  + " may be quarantined (0.1 or 10%); more fails the run and publishes nothing (the"
                  + " quarantine is still written), and in a stream warns about the micro-batch;"
                  + " off: no limit");
  public static final ConfigKey<String> REPORT_PATH =
      ConfigKey.string("report.path")
          .description("Where run reports go; default target.path/_reports");

  public static final ConfigKey<Duration> LEASE_WAIT =
      ConfigKey.duration("lease.wait")
          // A dead run's lease expires 3 minutes after its last renewal: a retry started right
          // after a killed run takes it over instead of failing.
          .withDefault(Duration.ofMinutes(4))
          .description(
              "How long a run waits while another run holds the table's lease before it fails; the"
                  + " lease of a run that died expires 3 minutes after its last renewal, so a retry"
                  + " right after a killed run goes on once it has; 0s fails at once");

  public static final ConfigKey<Boolean> CATALOG_ENABLED =
      ConfigKey.bool("catalog.enabled")
          .withDefault(false)
          .description(
              "Register the target as a table after each successful write (Glue Data Catalog on"
                  + " AWS, an embedded metastore locally)");
  public static final ConfigKey<String> CATALOG_DATABASE =
      catalogName("catalog.database")
          .description("Database of the table; created when missing. Required when enabled");
  public static final ConfigKey<String> CATALOG_TABLE =
      catalogName("catalog.table")
          .description("Table name; created when missing. Required when enabled");
  public static final ConfigKey<SchemaChangePolicy> CATALOG_SCHEMA_CHANGE =
      ConfigKey.enumeration("catalog.schema-change", SchemaChangePolicy.class)
          .withDefault(SchemaChangePolicy.ADD_COLUMNS)
          .description(
              "When the written schema differs from the table's: add-columns (add new columns,"
                  + " fail on incompatible changes), allow-incompatible (replace the table"
                  + " definition) or fail (any change fails)");

  /** job.*, runtime, spark.* and s3.*: what every job needs, batch or streaming. */
  public static final ConfigSchema BASE =
      ConfigSchema.of(
          JOB_NAME,
          JOB_DESCRIPTION,
          RUNTIME,
          SPARK_MASTER,
          SPARK_CONF,
          S3_ENDPOINT,
          S3_REGION,
          S3_PATH_STYLE_ACCESS,
          S3_ACCESS_KEY,
          S3_SECRET_KEY,
          S3_SESSION_TOKEN,
          CATALOG_LOCAL_PATH);

  /** source.*: a file source. */
  public static final ConfigSchema SOURCE =
      ConfigSchema.of(
          SOURCE_PATH,
          SOURCE_FORMAT,
          SOURCE_MULTILINE,
          SOURCE_SCHEMA,
          SOURCE_CSV_HEADER,
          SOURCE_CSV_DELIMITER,
          SOURCE_CSV_QUOTE,
          SOURCE_CSV_ESCAPE,
          SOURCE_TIMESTAMP_FORMAT,
          SOURCE_DATE_FORMAT,
          SOURCE_EMPTY_AS_NULL,
          SOURCE_NULL_VALUES,
          SOURCE_RECURSIVE,
          SOURCE_OPTIONS);

  /** target.*, quarantine.* and report.*: a partitioned Parquet target. */
  public static final ConfigSchema TARGET =
      ConfigSchema.of(
          TARGET_PATH,
          TARGET_PARTITION_BY,
          TARGET_COMPRESSION,
          TARGET_MAX_RECORDS_PER_FILE,
          TARGET_WRITE_MODE,
          QUARANTINE_PATH,
          QUARANTINE_MAX_RATIO,
          REPORT_PATH);

  /** lease.*: how a run waits for a table another run is writing. */
  public static final ConfigSchema LEASE = ConfigSchema.of(LEASE_WAIT);

  /** catalog.*: registering the target as a table (the metastore folder is in {@link #BASE}). */
  public static final ConfigSchema CATALOG =
      ConfigSchema.of(CATALOG_ENABLED, CATALOG_DATABASE, CATALOG_TABLE, CATALOG_SCHEMA_CHANGE);

  /** Every core key: what a file-to-Parquet batch job accepts before its own keys. */
  public static final ConfigSchema SCHEMA =
      BASE.plus(SOURCE).plus(TARGET).plus(LEASE).plus(CATALOG);

  /** A database or table name; Glue and Athena accept lower-case letters, digits, underscores. */
  private static ConfigKey<String> catalogName(String name) {
    return ConfigKey.string(name)
        .check(
            value -> value.isEmpty() || value.matches("[a-z0-9_]+"),
            "lower-case letters, digits and underscores");
  }
}
