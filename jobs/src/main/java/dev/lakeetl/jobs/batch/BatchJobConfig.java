package dev.lakeetl.jobs.batch;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.spark.SparkConfig;
import java.util.Map;

/**
 * What the shared batch lifecycle ({@link ConfiguredBatchJob}) reads from a job's configuration.
 */
public interface BatchJobConfig {
  /** {@code job.name}. */
  String jobName();

  /** Runtime, {@code spark.*}, {@code s3.*}. */
  SparkConfig spark();

  /** The folder the run report is written to ({@code report.path}). */
  String reportPath();

  /** The catalog table of each output that is registered, by output name; empty when none is. */
  Map<String, CatalogConfig> tables();
}
