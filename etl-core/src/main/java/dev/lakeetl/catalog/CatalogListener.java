package dev.lakeetl.catalog;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import java.util.Map;

/**
 * Registers a job's published outputs as tables, each right after it is written. A refused
 * registration (a schema change against {@code catalog.schema-change}, a table registered
 * elsewhere) fails the run; the data is written by then, and a re-run registers it.
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

  /** Registers the output named {@code outputName} as {@code table}. */
  public static CatalogListener forOutput(String outputName, CatalogConfig table) {
    return new CatalogListener(Map.of(outputName, table));
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
