package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.SparkConfig;
import java.util.Optional;

/**
 * What the shared lifecycle needs to know about a job before it runs it.
 *
 * @param jobName {@code job.name}
 * @param spark runtime and Spark settings
 * @param reportPath folder the run report is written to ({@code report.path})
 * @param metastore the catalog's metastore when the job registers tables (then the session gets
 *     Hive support), else empty
 */
public record JobSetup(
    String jobName, SparkConfig spark, String reportPath, Optional<MetastoreConfig> metastore) {
  public JobSetup {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(reportPath, "reportPath is null");
    requireNonNull(metastore, "metastore is null");
  }

  /** A job that registers no tables: its session has no Hive support. */
  public JobSetup(String jobName, SparkConfig spark, String reportPath) {
    this(jobName, spark, reportPath, Optional.empty());
  }
}
