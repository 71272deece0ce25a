/**
 * Registering written tables in the session's Hive-compatible catalog (the Glue Data Catalog on
 * AWS, an embedded metastore locally). {@link dev.lakeetl.catalog.TableRegistrar} creates or
 * updates an external Parquet table and its partitions, comparing schemas with {@link
 * dev.lakeetl.catalog.SchemaChange}; {@link dev.lakeetl.catalog.CatalogListener} does so for each
 * output a job publishes. It never writes or moves data: the writers in {@code io} and the publish
 * step in the quality module do; the {@code catalog.*} keys are declared with the core keys in
 * {@code config}.
 */
package dev.lakeetl.catalog;
