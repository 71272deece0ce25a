package dev.lakeetl.catalog;

import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.S3Config;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import dev.lakeetl.spark.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQL statements against the embedded metastore of local runs and prints their rows, so tables
 * registered by local jobs can be queried by name ({@code bin/etl-sql}).
 *
 * <pre>
 * LocalSql [--metastore FOLDER] [--max-rows N] STATEMENT...
 * </pre>
 *
 * <p>{@code FOLDER} is the jobs' {@code catalog.local.path} (default {@value #DEFAULT_METASTORE},
 * as in the local environment). Rows go to stdout, logs to stderr. Exit codes: 0 success, 1 a
 * statement failed, 2 bad arguments.
 */
public final class LocalSql {
  static final String DEFAULT_METASTORE = "out/metastore";
  static final int DEFAULT_MAX_ROWS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(LocalSql.class);

  private LocalSql() {}

  /** Runs the statements and exits with the code described in the class comment. */
  public static void main(String[] args) {
    int exitCode = execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** Runs the statements; returns the exit code. Never throws. */
  public static int execute(String... args) {
    String metastore = DEFAULT_METASTORE;
    int maxRows = DEFAULT_MAX_ROWS;
    List<String> statements = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--metastore" -> metastore = value(args, ++i, "--metastore");
          case "--max-rows" -> maxRows = positive(value(args, ++i, "--max-rows"));
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            statements.add(args[i]);
          }
        }
      }
      if (statements.isEmpty()) {
        throw new IllegalArgumentException("no SQL statement given");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(
          "Cannot run SQL: "
              + e.getMessage()
              + "\nUsage: etl-sql [--metastore FOLDER] [--max-rows N] \"SELECT ...\" ...");
      return 2;
    }
    SparkConfig spark =
        new SparkConfig(SparkRuntime.LOCAL, Optional.empty(), Map.of(), S3Config.DEFAULT);
    SparkSession session =
        SparkSessions.create(spark, MetastoreConfig.local(metastore), "lakeetl-sql");
    for (String statement : statements) {
      try {
        Dataset<Row> result = session.sql(statement);
        result.show(maxRows, false);
      } catch (Exception e) {
        // Exception: Spark throws checked exceptions it does not declare.
        LOG.error("Cannot run SQL statement: {}\n{}", e.getMessage(), statement);
        return 1;
      }
    }
    return 0;
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int positive(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--max-rows needs a positive number, got '" + text + "'");
  }
}
