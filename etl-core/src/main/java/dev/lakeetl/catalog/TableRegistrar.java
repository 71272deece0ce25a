package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Registers a written target as an external Parquet table in the session's Hive-compatible catalog
 * (the Glue Data Catalog on AWS, an embedded metastore locally), through Spark SQL so the same code
 * serves every runtime.
 *
 * <p>After a successful write: the database and table are created when missing, the table's schema
 * follows the written one as {@link SchemaChangePolicy} allows, and exactly the partitions the run
 * wrote are registered (those already registered are left alone: their files were replaced in
 * place). One log line per action.
 */
public final class TableRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(TableRegistrar.class);

  /** Partitions per ALTER TABLE statement: the Glue API takes at most 100 per batch. */
  static final int PARTITIONS_PER_STATEMENT = 100;

  private final SparkSession spark;

  /**
   * @param spark a session with Hive support ({@code SparkSessions.create} with a metastore)
   */
  public TableRegistrar(SparkSession spark) {
    this.spark = requireNonNull(spark, "spark is null");
  }

  /**
   * Creates or updates the table and registers the partitions a write produced.
   *
   * @param config database, table and schema-change policy
   * @param location the table root as configured (target.path)
   * @param written the schema of the written rows, partition columns included
   * @param partitionBy partition columns in folder order (target.partition-by)
   * @param partitions partition folders the run wrote ({@code WriteResult.partitions()}), e.g.
   *     {@code year=2001/month=01/day=15}
   * @throws CatalogException when the change is not allowed or the table is not ours to update
   */
  public Registration register(
      CatalogConfig config,
      String location,
      StructType written,
      List<String> partitionBy,
      List<String> partitions) {
    requireNonNull(config, "config is null");
    requireNonNull(location, "location is null");
    requireNonNull(written, "written is null");
    requireNonNull(partitionBy, "partitionBy is null");
    requireNonNull(partitions, "partitions is null");
    TableSchema schema = TableSchema.of(written, partitionBy);
    String root = qualified(location);
    String name = name(config);

    if (!spark.catalog().databaseExists(config.database())) {
      sql("CREATE DATABASE IF NOT EXISTS " + quote(config.database()));
      LOG.info("Created database {}", config.database());
    }
    if (!spark.catalog().tableExists(config.database(), config.table())) {
      create(config, name, schema, root);
      int added = addPartitions(config, root, schema, partitions, Set.of());
      return new Registration(config.qualifiedName(), true, false, List.of(), added, 0);
    }

    CatalogTable existing = metadata(config);
    checkLocationAndFormat(config, existing, root);
    TableSchema registered = new TableSchema(existing.dataSchema(), existing.partitionSchema());
    SchemaChange change = SchemaChange.between(registered, schema);
    switch (decide(config, registered, schema, change)) {
      case REPLACE_TABLE:
        return replace(config, existing, name, registered, schema, change, root, partitions);
      case ADD_COLUMNS:
        addColumns(config, name, change.added());
        break;
      case NOTHING:
        break;
      default:
        throw new IllegalStateException("Unknown schema action");
    }
    int added = addPartitions(config, root, schema, partitions, registeredPartitions(name, schema));
    return new Registration(
        config.qualifiedName(),
        false,
        false,
        change.added().stream().map(StructField::name).toList(),
        added,
        partitions.size() - added);
  }

  /** What the table's schema needs after a write. */
  enum SchemaAction {
    NOTHING,
    ADD_COLUMNS,
    REPLACE_TABLE
  }

  /**
   * What {@code config.schemaChange()} makes of {@code change}.
   *
   * @throws CatalogException when the policy forbids the change, showing both schemas
   */
  static SchemaAction decide(
      CatalogConfig config, TableSchema registered, TableSchema written, SchemaChange change) {
    if (change.none()) {
      return SchemaAction.NOTHING;
    }
    SchemaChangePolicy policy = config.schemaChange();
    if (policy == SchemaChangePolicy.ALLOW_INCOMPATIBLE) {
      return change.compatible() ? SchemaAction.ADD_COLUMNS : SchemaAction.REPLACE_TABLE;
    }
    if (policy == SchemaChangePolicy.ADD_COLUMNS && change.compatible()) {
      return SchemaAction.ADD_COLUMNS;
    }
    throw new CatalogException(
        "Cannot register table "
            + config.qualifiedName()
            + ": the written schema "
            + (change.compatible() ? "differs from" : "is incompatible with")
            + " the registered one ("
            + change.describe()
            + ") and catalog.schema-change is "
            + policyName(policy)
            + "\n  registered: "
            + registered.describe()
            + "\n  written:    "
            + written.describe()
            + "\nThe data was written; "
            + (change.compatible()
                ? "set catalog.schema-change=add-columns to add the columns"
                : "set catalog.schema-change=allow-incompatible to replace the table definition,"
                    + " or write the old schema"));
  }

  private void create(CatalogConfig config, String name, TableSchema schema, String root) {
    StringBuilder ddl = new StringBuilder("CREATE EXTERNAL TABLE ").append(name);
    ddl.append(" (").append(columnDefinitions(schema.dataColumns().fields())).append(")");
    if (!schema.partitionColumns().isEmpty()) {
      ddl.append(" PARTITIONED BY (")
          .append(columnDefinitions(schema.partitionColumns().fields()))
          .append(")");
    }
    // classification tells Glue's own readers (and the console) the format, as a crawler would.
    ddl.append(" STORED AS PARQUET LOCATION ")
        .append(literal(root))
        .append(" TBLPROPERTIES ('classification'='parquet')");
    sql(ddl.toString());
    LOG.info(
        "Created table {}: external Parquet at {}, {}",
        config.qualifiedName(),
        root,
        schema.describe());
  }

  private void addColumns(CatalogConfig config, String name, List<StructField> columns) {
    sql(
        "ALTER TABLE "
            + name
            + " ADD COLUMNS ("
            + columnDefinitions(columns.toArray(StructField[]::new))
            + ")");
    LOG.info(
        "Added columns to table {} (catalog.schema-change {}): {}",
        config.qualifiedName(),
        policyName(config.schemaChange()),
        columns.stream()
            .map(field -> field.name() + " " + TableSchema.typeName(field))
            .collect(Collectors.joining(", ")));
  }

  /**
   * Drops and re-creates the table definition; it is external, so the data stays. Partitions
   * registered before are registered again when the partition columns did not change.
   */
  private Registration replace(
      CatalogConfig config,
      CatalogTable existing,
      String name,
      TableSchema registered,
      TableSchema schema,
      SchemaChange change,
      String root,
      List<String> partitions) {
    if (!existing.tableType().name().equals("EXTERNAL")) {
      throw new CatalogException(
          "Cannot replace table "
              + config.qualifiedName()
              + " for an incompatible schema change ("
              + change.describe()
              + "): it is a "
              + existing.tableType().name()
              + " table, and dropping it would delete its data; drop it yourself or choose"
              + " another catalog.table");
    }
    Set<String> earlier =
        change.partitioningChanged() ? Set.of() : registeredPartitions(name, registered);
    LOG.warn(
        "Replacing table {} (catalog.schema-change allow-incompatible: {})\n  registered: {}\n"
            + "  written:    {}",
        config.qualifiedName(),
        change.describe(),
        registered.describe(),
        schema.describe());
    sql("DROP TABLE " + name);
    create(config, name, schema, root);
    Set<String> all = new LinkedHashSet<>(earlier);
    all.addAll(partitions);
    addPartitions(config, root, schema, List.copyOf(all), Set.of());
    int known = (int) partitions.stream().filter(earlier::contains).count();
    if (change.partitioningChanged()) {
      LOG.warn(
          "Table {}: partitions written before the partition columns changed are no longer"
              + " registered; only this run's {} partitions are",
          config.qualifiedName(),
          partitions.size());
    }
    return new Registration(
        config.qualifiedName(),
        false,
        true,
        change.added().stream().map(StructField::name).toList(),
        partitions.size() - known,
        known);
  }

  /** Registers the partitions not already registered; returns how many were added. */
  private int addPartitions(
      CatalogConfig config,
      String root,
      TableSchema schema,
      List<String> partitions,
      Set<String> known) {
    if (schema.partitionColumns().isEmpty()) {
      return 0;
    }
    String name = name(config);
    List<String> missing = partitions.stream().filter(p -> !known.contains(p)).sorted().toList();
    for (int start = 0; start < missing.size(); start += PARTITIONS_PER_STATEMENT) {
      List<String> batch =
          missing.subList(start, Math.min(missing.size(), start + PARTITIONS_PER_STATEMENT));
      StringBuilder statement = new StringBuilder("ALTER TABLE ").append(name);
      statement.append(" ADD IF NOT EXISTS");
      for (String partition : batch) {
        statement
            .append(" PARTITION (")
            .append(partitionSpec(partition, schema.partitionNames()))
            .append(") LOCATION ")
            .append(literal(root + "/" + partition));
      }
      sql(statement.toString());
    }
    LOG.info(
        "Registered {} new partitions of {} ({} written by this run were already registered)",
        missing.size(),
        config.qualifiedName(),
        partitions.size() - missing.size());
    return missing.size();
  }

  private Set<String> registeredPartitions(String name, TableSchema schema) {
    if (schema.partitionColumns().isEmpty()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (Row row : sql("SHOW PARTITIONS " + name).collectAsList()) {
      names.add(row.getString(0));
    }
    return names;
  }

  private CatalogTable metadata(CatalogConfig config) {
    try {
      return spark
          .sessionState()
          .catalog()
          .getTableMetadata(new TableIdentifier(config.table(), Option.apply(config.database())));
    } catch (AnalysisException e) {
      // Dropped by someone else between the existence check and now.
      throw new CatalogException(
          "Cannot read table " + config.qualifiedName() + " from the catalog: " + e.getMessage());
    }
  }

  private void checkLocationAndFormat(CatalogConfig config, CatalogTable existing, String root) {
    String registered = StoragePaths.withoutTrailingSlash(existing.location().toString());
    if (!registered.equals(root)) {
      throw new CatalogException(
          "Cannot register table "
              + config.qualifiedName()
              + ": it is registered at "
              + registered
              + " but this job writes "
              + root
              + " (target.path); choose another catalog.table or drop the table");
    }
    String provider = existing.provider().isDefined() ? existing.provider().get() : "";
    String serde = existing.storage().serde().isDefined() ? existing.storage().serde().get() : "";
    boolean parquet =
        provider.equalsIgnoreCase("parquet") || serde.toLowerCase(Locale.ROOT).contains("parquet");
    if (!parquet) {
      throw new CatalogException(
          "Cannot register table "
              + config.qualifiedName()
              + ": it is not a Parquet table (provider '"
              + provider
              + "', serde '"
              + serde
              + "'); choose another catalog.table");
    }
  }

  /** {@code year=2001/month=01} as a SQL partition spec {@code `year`='2001', `month`='01'}. */
  static String partitionSpec(String partition, List<String> partitionBy) {
    String[] parts = partition.split("/", -1);
    if (parts.length != partitionBy.size()) {
      throw new IllegalArgumentException(
          "Cannot register partition '"
              + partition
              + "': expected the partition columns "
              + partitionBy);
    }
    List<String> spec = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      String column =
          equals < 0 ? "" : ExternalCatalogUtils.unescapePathName(parts[i].substring(0, equals));
      if (!column.equalsIgnoreCase(partitionBy.get(i))) {
        throw new IllegalArgumentException(
            "Cannot register partition '"
                + partition
                + "': expected the partition columns "
                + partitionBy);
      }
      String value = ExternalCatalogUtils.unescapePathName(parts[i].substring(equals + 1));
      spec.add(quote(partitionBy.get(i)) + "=" + literal(value));
    }
    return String.join(", ", spec);
  }

  private String qualified(String location) {
    String resolved = StoragePaths.resolve(location, spark.sparkContext().hadoopConfiguration());
    Path path = new Path(resolved);
    try {
      FileSystem fileSystem = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return StoragePaths.withoutTrailingSlash(fileSystem.makeQualified(path).toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve table location " + location, e);
    }
  }

  private Dataset<Row> sql(String statement) {
    LOG.debug("Catalog SQL: {}", statement);
    return spark.sql(statement);
  }

  private static String columnDefinitions(StructField[] fields) {
    return Arrays.stream(fields)
        .map(field -> quote(field.name()) + " " + field.dataType().sql())
        .collect(Collectors.joining(", "));
  }

  private static String policyName(SchemaChangePolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String name(CatalogConfig config) {
    return quote(config.database()) + "." + quote(config.table());
  }

  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
