package dev.lakeetl.spark;

import java.util.Locale;

/** Where a job runs. Decides how the SparkSession is built and how paths are mapped. */
public enum SparkRuntime {
  /** Embedded or spark-submit on a workstation or CI machine. */
  LOCAL,
  /** AWS Glue 5.x: Glue owns the SparkSession and its S3 and catalog configuration. */
  GLUE,
  /** EMR Serverless 7.x: EMR owns the SparkSession; EMRFS serves s3://. */
  EMR_SERVERLESS;

  /** The configuration spelling, e.g. {@code emr-serverless}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
