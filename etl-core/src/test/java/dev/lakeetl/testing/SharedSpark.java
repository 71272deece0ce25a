package dev.lakeetl.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession a test JVM uses. Built on first use and stopped by a shutdown hook, so
 * every test class in a module shares its start-up cost.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  /** The shared session: local[2], bound to 127.0.0.1, UI off, small shuffles. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("lakeetl-tests")
              .master("local[2]")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
              .config(
                  "spark.sql.warehouse.dir",
                  System.getProperty("java.io.tmpdir") + "/spark-warehouse")
              .getOrCreate();
      SparkSession created = session;
      java.lang.Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }
}
