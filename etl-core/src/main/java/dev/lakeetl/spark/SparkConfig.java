package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * How the SparkSession is obtained.
 *
 * @param runtime where the job runs
 * @param master Spark master for local runs; empty means what spark-submit passed, else {@code
 *     local[*]}
 * @param conf extra Spark settings ({@code spark.conf.*}), applied over the toolkit's defaults
 * @param s3 S3A settings
 */
public record SparkConfig(
    SparkRuntime runtime, Optional<String> master, Map<String, String> conf, S3Config s3) {
  public SparkConfig {
    requireNonNull(runtime, "runtime is null");
    requireNonNull(master, "master is null");
    conf = Map.copyOf(requireNonNull(conf, "conf is null"));
    requireNonNull(s3, "s3 is null");
  }
}
