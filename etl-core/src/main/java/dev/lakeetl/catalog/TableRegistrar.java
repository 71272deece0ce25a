package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.job.Failures;
import dev.lakeetl.spark.SqlIdentifiers;
import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * <p>Two steps. {@link #check} runs before a job writes anything: it compares the output's schema
 * with the registered table's and refuses what {@link SchemaChangePolicy} does not allow, changing
 * nothing. {@link #register} runs once the output is published: the database and table are created
 * when missing, the table's columns follow the written ones in place (the table is never dropped,
 * so its partitions, properties and permissions stay), and exactly the partitions the run wrote are
 * registered (those already registered are left alone: their files were replaced in place). One log
 * line per action.
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
   * Checks, before anything is written, that the table can take an output of this schema: its
   * location and format, and the schema change against {@code config.schemaChange()}. Reads the
   * catalog only; a missing database or table passes (registration creates it).
   *
   * @param config database, table and schema-change policy
   * @param location the table root as configured (target.path)
   * @param output the schema of the rows to write, partition columns included
   * @param partitionBy partition columns in folder order (target.partition-by)
   * @return the change registration makes to the table's columns (none for a new table)
   * @throws CatalogException when the change is not allowed or the table is not ours to update
   */
  public SchemaChange check(
      CatalogConfig config, String location, StructType output, List<String> partitionBy) {
    requireNonNull(config, "config is null");
    requireNonNull(location, "location is null");
    requireNonNull(output, "output is null");
    requireNonNull(partitionBy, "partitionBy is null");
    TableSchema schema = TableSchema.of(output, partitionBy);
    if (!spark.catalog().databaseExists(config.database())
        || !spark.catalog().tableExists(config.database(), config.table())) {
      LOG.info(
          "Catalog check: table {} is not registered yet; registration creates it",
          config.qualifiedName());
      return SchemaChange.between(schema, schema);
    }
    CatalogTable existing = metadata(config);
    checkLocationAndFormat(config, existing, qualified(location));
    TableSchema registered = new TableSchema(existing.dataSchema(), existing.partitionSchema());
    SchemaChange change = SchemaChange.between(registered, schema);
    Optional<String> refusal = refusal(config, registered, schema, change);
    if (refusal.isPresent()) {
      logSchemas(config, registered, schema);
      throw new CatalogException(refusal.get() + "; nothing is written, the table is unchanged");
    }
    LOG.info(
        "Catalog check: table {} takes the output ({}, catalog.schema-change {})",
        config.qualifiedName(),
        change.describe(),
        policyName(config.schemaChange()));
    return change;
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
   *     (possible only when the table changed since {@link #check}), or when the metastore refuses
   *     the partitions: the data is published by then, and a re-run of the same input registers it
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
      sql("CREATE DATABASE IF NOT EXISTS " + SqlIdentifiers.quoted(config.database()));
      LOG.info("Created database {}", config.database());
    }
    if (!spark.catalog().tableExists(config.database(), config.table())) {
      create(config, name, schema, root);
      int added = addPartitions(config, root, schema, partitions, Set.of());
      return Registration.created(config.qualifiedName(), added);
    }

    CatalogTable existing = metadata(config);
    checkLocationAndFormat(config, existing, root);
    TableSchema registered = new TableSchema(existing.dataSchema(), existing.partitionSchema());
    SchemaChange change = SchemaChange.between(registered, schema);
    Optional<String> refusal = refusal(config, registered, schema, change);
    if (refusal.isPresent()) {
      // The table changed since the check before the write.
      logSchemas(config, registered, schema);
      throw new CatalogException(
          refusal.get() + "; the data is published, its new partitions are not registered");
    }
    switch (action(change)) {
      case CHANGE_COLUMNS:
        changeColumns(config, registered, schema, change);
        break;
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
        !change.compatible(),
        change.added().stream().map(StructField::name).toList(),
        added,
        partitions.size() - added);
  }

  /** What the table's columns need for a write. */
  enum SchemaAction {
    NOTHING,
    ADD_COLUMNS,
    CHANGE_COLUMNS
  }

  /**
   * What {@code config.schemaChange()} makes of {@code change}.
   *
   * @throws CatalogException when the policy forbids the change
   */
  static SchemaAction decide(
      CatalogConfig config, TableSchema registered, TableSchema written, SchemaChange change) {
    Optional<String> refusal = refusal(config, registered, written, change);
    if (refusal.isPresent()) {
      throw new CatalogException(refusal.get());
    }
    return action(change);
  }

  private static SchemaAction action(SchemaChange change) {
    if (change.none()) {
      return SchemaAction.NOTHING;
    }
    return change.compatible() ? SchemaAction.ADD_COLUMNS : SchemaAction.CHANGE_COLUMNS;
  }

  /**
   * Why {@code config.schemaChange()} refuses {@code change}, in one line naming the table, the
   * columns, the policy and the setting that would allow it; empty when it is allowed.
   */
  static Optional<String> refusal(
      CatalogConfig config, TableSchema registered, TableSchema written, SchemaChange change) {
    if (change.none()) {
      return Optional.empty();
    }
    String table = "Cannot register table " + config.qualifiedName() + ": ";
    if (change.partitioningChanged()) {
      // Hive and Glue keep each partition's values for the old columns: no in-place change exists.
      return Optional.of(
          table
              + "its partition columns would change from ("
              + columns(registered.partitionColumns())
              + ") to ("
              + columns(written.partitionColumns())
              + "), which no catalog.schema-change allows; keep target.partition-by, or write to"
              + " another target.path and catalog.table");
    }
    SchemaChangePolicy policy = config.schemaChange();
    if (policy == SchemaChangePolicy.ALLOW_INCOMPATIBLE
        || (policy == SchemaChangePolicy.ADD_COLUMNS && change.compatible())) {
      return Optional.empty();
    }
    return Optional.of(
        table
            + "the written schema "
            + (change.compatible() ? "differs from" : "is incompatible with")
            + " the registered one ("
            + change.describe()
            + ") and catalog.schema-change is "
            + policyName(policy)
            + "; "
            + (change.compatible()
                ? "set catalog.schema-change=add-columns to add the columns"
                : "set catalog.schema-change=allow-incompatible to change the table's columns in"
                    + " place, or write the old schema"));
  }

  private static void logSchemas(
      CatalogConfig config, TableSchema registered, TableSchema written) {
    LOG.error(
        "Schema change of table {} refused:\n  registered: {}\n  written:    {}",
        config.qualifiedName(),
        registered.describe(),
        written.describe());
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
   * Changes the table's data columns to the written ones in place: the table, its partitions,
   * properties and permissions stay. Spark SQL cannot (REPLACE COLUMNS needs a v2 table, CHANGE
   * COLUMN only changes comments), so this goes through the external catalog: the Hive metastore's
   * alter_table, on Glue an UpdateTable call.
   */
  private void changeColumns(
      CatalogConfig config, TableSchema registered, TableSchema schema, SchemaChange change) {
    StructType columns =
        new StructType(
            Arrays.stream(schema.dataColumns().fields())
                .map(field -> field.copy(field.name(), field.dataType(), true, field.metadata()))
                .toArray(StructField[]::new));
    spark
        .sessionState()
        .catalog()
        .externalCatalog()
        .alterTableDataSchema(config.database(), config.table(), columns);
    spark.catalog().refreshTable(config.qualifiedName());
    LOG.warn(
        "Changed the columns of table {} in place (catalog.schema-change allow-incompatible: {});"
            + " registered partitions keep theirs\n  was: {}\n  now: {}",
        config.qualifiedName(),
        change.describe(),
        registered.describe(),
        schema.describe());
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
    int registered = 0;
    try {
      registered = addBatches(name, root, schema, missing);
    } catch (Exception e) {
      // Exception: Spark throws AnalysisException undeclared. The run fails before its input is
      // marked done, so a re-run writes these partitions again and registers them.
      throw new CatalogException(
          "Cannot register "
              + (missing.size() - registered)
              + " partitions of table "
              + config.qualifiedName()
              + " ("
              + String.join(
                  ", ", missing.subList(registered, Math.min(missing.size(), registered + 3)))
              + (missing.size() - registered > 3 ? ", ..." : "")
              + "): "
              + Failures.message(e)
              + "; the data is published, a re-run of the same input registers the partitions",
          e);
    }
    LOG.info(
        "Registered {} new partitions of {} ({} written by this run were already registered)",
        missing.size(),
        config.qualifiedName(),
        partitions.size() - missing.size());
    return missing.size();
  }

  /** Adds the partitions in batches; returns how many it added, all of them unless it throws. */
  private int addBatches(String name, String root, TableSchema schema, List<String> missing) {
    int added = 0;
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
      added += batch.size();
    }
    return added;
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
      spec.add(SqlIdentifiers.quoted(partitionBy.get(i)) + "=" + literal(value));
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
        .map(field -> SqlIdentifiers.quoted(field.name()) + " " + field.dataType().sql())
        .collect(Collectors.joining(", "));
  }

  private static String columns(StructType columns) {
    return Arrays.stream(columns.fields())
        .map(field -> field.name() + " " + TableSchema.typeName(field))
        .collect(Collectors.joining(", "));
  }

  private static String policyName(SchemaChangePolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String name(CatalogConfig config) {
    return SqlIdentifiers.quoted(config.database()) + "." + SqlIdentifiers.quoted(config.table());
  }

  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
