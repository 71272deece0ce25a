package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.config.Settings;
import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.SparkRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and how a job registers its target as a table.
 *
 * @param database catalog.database
 * @param table catalog.table
 * @param schemaChange catalog.schema-change
 * @param metastore the session's metastore (catalog.local.path on local runs)
 */
public record CatalogConfig(
    String database, String table, SchemaChangePolicy schemaChange, MetastoreConfig metastore) {
  public CatalogConfig {
    requireNonNull(database, "database is null");
    requireNonNull(table, "table is null");
    requireNonNull(schemaChange, "schemaChange is null");
    requireNonNull(metastore, "metastore is null");
    if (database.isBlank() || table.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot register table '" + database + "." + table + "': database and table are needed");
    }
  }

  /** {@code database.table}, as queries name it. */
  public String qualifiedName() {
    return database + "." + table;
  }

  /**
   * The catalog.* settings, or empty when {@code catalog.enabled} is false.
   *
   * @param runtime the resolved runtime: a local run needs {@code catalog.local.path}
   * @throws ConfigException naming every missing key
   */
  public static Optional<CatalogConfig> from(Settings settings, SparkRuntime runtime) {
    return from(settings, runtime, Optional.empty());
  }

  /**
   * Like {@link #from(Settings, SparkRuntime)} for a job that names its tables itself (one per
   * output, see {@link #withTable}): {@code catalog.table} is neither needed nor read.
   *
   * @param table the table to register first
   * @throws ConfigException naming every missing key
   */
  public static Optional<CatalogConfig> forTable(
      Settings settings, SparkRuntime runtime, String table) {
    requireNonNull(table, "table is null");
    return from(settings, runtime, Optional.of(table));
  }

  private static Optional<CatalogConfig> from(
      Settings settings, SparkRuntime runtime, Optional<String> jobTable) {
    requireNonNull(settings, "settings is null");
    requireNonNull(runtime, "runtime is null");
    if (!settings.get(CoreKeys.CATALOG_ENABLED)) {
      return Optional.empty();
    }
    Optional<String> database = text(settings, CoreKeys.CATALOG_DATABASE);
    Optional<String> table = jobTable.or(() -> text(settings, CoreKeys.CATALOG_TABLE));
    Optional<String> localPath = text(settings, CoreKeys.CATALOG_LOCAL_PATH);
    List<String> missing = new ArrayList<>();
    if (database.isEmpty()) {
      missing.add(CoreKeys.CATALOG_DATABASE.name());
    }
    if (table.isEmpty()) {
      missing.add(CoreKeys.CATALOG_TABLE.name());
    }
    if (runtime == SparkRuntime.LOCAL && localPath.isEmpty()) {
      missing.add(CoreKeys.CATALOG_LOCAL_PATH.name());
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "Cannot register "
              + (jobTable.isPresent() ? "the outputs as tables" : "the target as a table")
              + ": catalog.enabled is true but "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set"
              + (runtime == SparkRuntime.LOCAL ? " (runtime local)" : ""));
    }
    try {
      MetastoreConfig metastore =
          runtime == SparkRuntime.LOCAL
              ? MetastoreConfig.local(localPath.orElseThrow())
              : MetastoreConfig.runtime();
      return Optional.of(
          new CatalogConfig(
              database.orElseThrow(),
              table.orElseThrow(),
              settings.get(CoreKeys.CATALOG_SCHEMA_CHANGE),
              metastore));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(CoreKeys.CATALOG_LOCAL_PATH.name() + ": " + e.getMessage());
    }
  }

  /** The same database, policy and metastore for another table. */
  public CatalogConfig withTable(String otherTable) {
    return new CatalogConfig(database, otherTable, schemaChange, metastore);
  }

  private static Optional<String> text(Settings settings, ConfigKey<String> key) {
    return settings.find(key).filter(value -> !value.isBlank());
  }
}
