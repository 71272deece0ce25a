package dev.lakeetl.jobs.refine;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.notify.NotifyKeys;
import dev.lakeetl.quality.QualityKeys;
import java.util.List;
import java.util.Map;

/**
 * The {@code transform.*} keys of the raw-to-refined job, on top of the core and {@code
 * incremental.*} keys.
 */
public final class RefineKeys {
  public static final ConfigKey<ColumnNaming> COLUMN_NAMES =
      ConfigKey.enumeration("transform.column-names", ColumnNaming.class)
          .withDefault(ColumnNaming.SNAKE_CASE)
          .description(
              "How raw column names are normalised: snake-case (DepDelay -> dep_delay),"
                  + " lower-case or as-is");

  public static final ConfigKey<Map<String, String>> RENAME =
      ConfigKey.map("transform.rename")
          .description(
              "Renames applied after normalising: transform.rename.<normalised name>: <new name>");

  public static final ConfigKey<List<String>> REQUIRED =
      ConfigKey.list("transform.required")
          .withDefault(List.of())
          .description(
              "Columns (refined names) that must not be null; rows without are quarantined");

  public static final ConfigKey<List<String>> DEDUPE_KEY =
      ConfigKey.list("transform.dedupe-key")
          .withDefault(List.of())
          .description("Columns identifying a record; one row per key is kept. Empty: no dedupe");

  public static final ConfigKey<List<String>> DEDUPE_ORDER_BY =
      ConfigKey.list("transform.dedupe-order-by")
          .withDefault(List.of())
          .check(RefineKeys::validOrder, "entries like \"column\" or \"column desc\"")
          .description(
              "Which duplicate survives: the first in this order (\"col\" or \"col desc\"), then"
                  + " by source file and the other column values");

  public static final ConfigKey<String> EVENT_TIME =
      ConfigKey.string("transform.event-time")
          .description(
              "TIMESTAMP or DATE column the year/month/day/hour partition columns derive from");

  /** The job's own keys, documented in a table of their own. */
  public static final ConfigSchema OWN =
      ConfigSchema.of(COLUMN_NAMES, RENAME, REQUIRED, DEDUPE_KEY, DEDUPE_ORDER_BY, EVENT_TIME);

  /** Every key the job accepts. */
  public static final ConfigSchema SCHEMA =
      CoreKeys.SCHEMA
          .plus(IncrementalKeys.SCHEMA)
          .plus(NotifyKeys.SCHEMA)
          .plus(OWN)
          .plus(QualityKeys.SCHEMA);

  private RefineKeys() {}

  private static boolean validOrder(List<String> entries) {
    try {
      entries.forEach(DedupeOrder::parse);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
