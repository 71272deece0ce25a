package dev.lakeetl.e2e;

import dev.lakeetl.spark.SqlIdentifiers;
import org.apache.spark.sql.SparkSession;

/**
 * Creates catalog databases in the metastore a {@link DeployedRuntime} gives its jobs, as Terraform
 * creates them in the Glue Data Catalog before any job runs. Started like a job, with Spark.
 */
public final class CatalogSetup {
  private CatalogSetup() {}

  /** Creates each database named in {@code args}. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().enableHiveSupport().getOrCreate();
    try {
      for (String database : args) {
        spark.sql("CREATE DATABASE IF NOT EXISTS " + SqlIdentifiers.quoted(database));
      }
    } finally {
      spark.stop();
    }
  }
}
