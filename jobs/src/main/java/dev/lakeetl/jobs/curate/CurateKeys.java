package dev.lakeetl.jobs.curate;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.notify.NotifyKeys;
import java.util.List;
import java.util.Map;

/**
 * The keys of the refined-to-curated job, on top of {@link CoreKeys#BASE}. Inputs, transforms and
 * outputs are named by the user, so they are free-form sections ({@code input.<name>.<attribute>})
 * whose attributes {@link Sections} checks; their order comes from {@link #TRANSFORMS}. The {@code
 * incremental.*} keys ({@link IncrementalKeys}) select the days of the incremental inputs.
 */
public final class CurateKeys {
  public static final ConfigKey<Map<String, String>> INPUT =
      ConfigKey.map("input")
          .required()
          .description(
              "Named inputs: input.<name>.path (required), .format (parquet, csv, json; default"
                  + " parquet), .schema (Spark DDL), .filter (SQL predicate), .options.<option>,"
                  + " .incremental (true: a day-partitioned Parquet table whose partitions"
                  + " incremental.mode selects; default false: read whole)");

  public static final ConfigKey<List<String>> TRANSFORMS =
      ConfigKey.list("transforms")
          .withDefault(List.of())
          .description(
              "Transform steps in run order; each is declared under transform.<name>. Empty:"
                  + " outputs write inputs as they are");

  public static final ConfigKey<Map<String, String>> TRANSFORM =
      ConfigKey.map("transform")
          .description(
              "Transform steps: transform.<name>.sql (a .sql file, relative to the config file),"
                  + " or transform.<name>.class with .input and .options.<option>");

  public static final ConfigKey<Map<String, String>> OUTPUT =
      ConfigKey.map("output")
          .required()
          .description(
              "Datasets to write: output.<name>.path (required), .partition-by, .write-mode,"
                  + " .compression, .max-records-per-file, .reconcile-with (an input name),"
                  + " .table (catalog table name; default the output name), .quality.* (the"
                  + " quality.* keys for this output), .quarantine-path (default"
                  + " <path>/_quarantine)");

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
