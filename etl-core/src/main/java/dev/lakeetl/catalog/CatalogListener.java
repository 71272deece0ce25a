package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Registers a job's published outputs as tables. A job calls {@link #checkBeforeWrite} for each
 * output once its schema is known and before writing it: a schema change against {@code
 * catalog.schema-change}, or a table registered elsewhere, fails the run then, with nothing written
 * or published and the table unchanged. Once an output is published, {@link #outputPublished}
 * updates the table's columns and registers the partitions; when that fails, the run fails before
 * its input is marked done, and a re-run registers them.
 */
public final class CatalogListener implements RunListener {
  private final Map<String, CatalogConfig> tables;

  /**
   * @param tables the table of each output to register, by {@link PublishedOutput#name()}; other
   *     outputs are not registered
   */
  public CatalogListener(Map<String, CatalogConfig> tables) {
    this.tables = Map.copyOf(requireNonNull(tables, "tables is null"));
  }

  /**
   * Checks that the table of output {@code outputName}, if it is registered, can take rows of
   * {@code schema} written to {@code target}; changes nothing.
   *
   * @throws CatalogException when it cannot, naming the table, the change and the setting
   */
  public void checkBeforeWrite(
      SparkSession spark, String outputName, WriterConfig target, StructType schema) {
    requireNonNull(spark, "spark is null");
    requireNonNull(target, "target is null");
    requireNonNull(schema, "schema is null");
    CatalogConfig table = tables.get(requireNonNull(outputName, "outputName is null"));
    if (table == null) {
      return;
    }
    new TableRegistrar(spark).check(table, target.path(), schema, target.partitionBy());
  }

  @Override
  public void outputPublished(RunContext context, PublishedOutput output) {
    CatalogConfig table = tables.get(output.name());
    if (table == null) {
      return;
    }
    new TableRegistrar(context.spark())
        .register(
            table,
            output.target().path(),
            output.schema(),
            output.target().partitionBy(),
            output.result().partitions());
    context.tracker().step("catalog");
  }
}
