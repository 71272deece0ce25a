package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.SparkConfig;

/**
 * What the shared lifecycle needs to know about a job before it runs it.
 *
 * @param jobName {@code job.name}
 * @param spark runtime and Spark settings
 * @param reportPath folder the run report is written to ({@code report.path})
 */
public record JobSetup(String jobName, SparkConfig spark, String reportPath) {
  public JobSetup {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(reportPath, "reportPath is null");
  }
}
