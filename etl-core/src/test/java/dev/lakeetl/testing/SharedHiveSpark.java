package dev.lakeetl.testing;

import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.S3Config;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import dev.lakeetl.spark.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one Hive-enabled local SparkSession of a test JVM, built the way jobs build theirs ({@link
 * SparkSessions#create(SparkConfig, MetastoreConfig, String)}) on an embedded metastore in a new
 * folder under {@code target/}. Tests using it are tagged {@code hive}: Surefire runs them in a JVM
 * of their own, because a JVM holds one SparkContext and {@link SharedSpark}'s has no Hive support.
 */
public final class SharedHiveSpark {
  /** The JUnit tag of tests that use this session. */
  public static final String TAG = "hive";

  private static SparkSession session;
  private static Path metastore;

  private SharedHiveSpark() {}

  /** The shared session: local[2], loopback, UI off, two shuffle partitions. */
  public static synchronized SparkSession session() {
    if (session == null) {
      try {
        // Under the module's target folder (Surefire's working folder): removed by mvn clean.
        metastore =
            Files.createTempDirectory(
                Files.createDirectories(Path.of("target")), "hive-metastore-");
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create a metastore folder", e);
      }
      SparkConfig config =
          new SparkConfig(
              SparkRuntime.LOCAL,
              Optional.of("local[2]"),
              Map.of("spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2"),
              S3Config.DEFAULT);
      session =
          SparkSessions.create(
              config, MetastoreConfig.local(metastore.toString()), "lakeetl-hive-tests");
      SparkSession created = session;
      java.lang.Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }

  /** The folder of the session's embedded metastore. */
  public static synchronized Path metastore() {
    session();
    return metastore;
  }
}
