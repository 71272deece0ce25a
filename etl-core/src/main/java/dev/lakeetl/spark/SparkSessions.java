package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.compress.CompressionCodecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds (locally) or joins (Glue, EMR Serverless) the job's SparkSession with the toolkit's tuned
 * defaults.
 *
 * <p>Precedence, lowest first: tuned defaults, S3A settings from {@code s3.*}, then the user's
 * {@code spark.conf.*}. On Glue and EMR Serverless the runtime owns the session: master, bind
 * address and UI are left alone, only the SQL and Hadoop settings below are applied.
 */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);
  private static final String HADOOP_PREFIX = "spark.hadoop.";
  private static final Pattern LOCAL_MASTER = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
  private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

  /** The metastore client Glue and EMR ship for the Glue Data Catalog. */
  static final String GLUE_CLIENT_FACTORY =
      "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory";

  /**
   * Input split size for local runs. Spark packs files into splits of up to this many bytes; with
   * the 128 MB default, 8 files of 35 MB on 2 cores become 3 splits and the last one runs alone. At
   * 32 MB every file is split and both cores stay busy until the end.
   */
  static final String LOCAL_MAX_PARTITION_BYTES = "32m";

  private SparkSessions() {}

  /**
   * Creates the local session or joins the runtime's session, applies {@link #settings}, registers
   * the toolkit's compression codecs, and logs one line describing the session.
   */
  public static SparkSession create(SparkConfig config, String appName) {
    requireNonNull(config, "config is null");
    requireNonNull(appName, "appName is null");
    Map<String, String> settings = settings(config);
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    settings.forEach(builder::config);
    return configure(builder.getOrCreate(), config, settings);
  }

  /**
   * Like {@link #create(SparkConfig, String)}, with Hive support and the runtime's metastore (see
   * {@link #metastoreSettings}), so tables can be registered and queried by name.
   *
   * @throws IllegalStateException when Hive classes are missing or the runtime's session has no
   *     Hive catalog (Glue without {@code --enable-glue-datacatalog})
   */
  public static SparkSession create(SparkConfig config, MetastoreConfig metastore, String appName) {
    requireNonNull(config, "config is null");
    requireNonNull(metastore, "metastore is null");
    requireNonNull(appName, "appName is null");
    Map<String, String> settings = settings(config, metastore);
    if (config.runtime() == SparkRuntime.LOCAL) {
      Path folder = localFolder(metastore);
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot create the metastore folder " + folder + " (catalog.local.path)", e);
      }
      // Derby writes derby.log into the working folder unless told otherwise.
      System.setProperty("derby.stream.error.file", folder.resolve("derby.log").toString());
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    settings.forEach(builder::config);
    try {
      builder.enableHiveSupport();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot start Spark with a catalog (catalog.enabled): Hive classes are not on the class"
              + " path; add spark-hive (Glue and EMR Serverless ship it)",
          e);
    }
    SparkSession spark = configure(builder.getOrCreate(), config, settings);
    String implementation = spark.conf().get(CATALOG_IMPLEMENTATION, "in-memory");
    if (!implementation.equals("hive")) {
      // The runtime created the session before us, without Hive: registering would go nowhere.
      throw new IllegalStateException(
          "Cannot use the catalog (catalog.enabled): the Spark session's catalog is '"
              + implementation
              + "', not hive; on Glue add the job parameter --enable-glue-datacatalog, elsewhere"
              + " set "
              + CATALOG_IMPLEMENTATION
              + "=hive");
    }
    LOG.info("Spark session uses the Hive catalog: {}", describe(config.runtime(), metastore));
    return spark;
  }

  private static SparkSession configure(
      SparkSession spark, SparkConfig config, Map<String, String> settings) {
    // A session the runtime created before us ignores spark.hadoop.* given to the builder: set them
    // on the live Hadoop configuration, which every file scan and write copies.
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(HADOOP_PREFIX)) {
            hadoopConf.set(key.substring(HADOOP_PREFIX.length()), value);
          }
        });
    CompressionCodecs.register(hadoopConf);

    LOG.info(
        "Spark session ready: runtime {}, master {}, Spark {}, default parallelism {}",
        config.runtime().configName(),
        spark.sparkContext().master(),
        spark.version(),
        spark.sparkContext().defaultParallelism());
    return spark;
  }

  /**
   * Every setting {@link #create} gives the session builder, for the master that spark-submit
   * passed (system property {@code spark.master}) and this machine's cores. Contains secrets when
   * S3 keys are configured: do not log it.
   */
  public static Map<String, String> settings(SparkConfig config) {
    return settings(
        config,
        Optional.ofNullable(System.getProperty("spark.master")),
        java.lang.Runtime.getRuntime().availableProcessors());
  }

  static Map<String, String> settings(
      SparkConfig config, Optional<String> submittedMaster, int machineCores) {
    requireNonNull(config, "config is null");
    requireNonNull(submittedMaster, "submittedMaster is null");
    Map<String, String> settings = new LinkedHashMap<>();
    if (config.runtime() == SparkRuntime.LOCAL) {
      String master = config.master().or(() -> submittedMaster).orElse("local[*]");
      int cores = cores(master, machineCores);
      settings.put("spark.master", master);
      settings.put("spark.driver.bindAddress", "127.0.0.1");
      settings.put("spark.driver.host", "127.0.0.1");
      settings.put("spark.ui.enabled", "false");
      // Small local inputs: enough shuffle partitions to use every core, few enough to avoid
      // scheduling overhead. Not coalesced further: on 2 cores adaptive execution merged 8 even
      // partitions into 3 uneven ones, leaving a core idle and doubling the sort's peak memory
      // (measured on the 3M-row benchmark: peak RSS 2.4 GB coalesced, 1.4 GB not).
      settings.put("spark.sql.shuffle.partitions", String.valueOf(2 * cores));
      settings.put("spark.sql.files.maxPartitionBytes", LOCAL_MAX_PARTITION_BYTES);
      settings.put("spark.sql.adaptive.coalescePartitions.enabled", "false");
      if (NioLocalFileSystem.visibleToEveryClassLoader()) {
        // file: paths without a chmod process per file and folder (see NioLocalFileSystem). Not
        // cached: the configuration loader may already have cached Hadoop's default for file:.
        settings.put("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
        settings.put("spark.hadoop.fs.file.impl.disable.cache", "true");
      }
    } else {
      settings.put("spark.sql.adaptive.coalescePartitions.enabled", "true");
    }
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    settings.put("spark.sql.parquet.compression.codec", "snappy");
    settings.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    settings.put("spark.sql.adaptive.enabled", "true");
    // The readers parse every JSON record (each is counted, kept or quarantined), so no filter is
    // ever pushed into the JSON parser; with pushdown on, Spark still walks its filter list for
    // every field of every record (2-3 % of the raw-to-refined benchmark's task time).
    settings.put("spark.sql.json.filterPushdown.enabled", "false");
    settings.putAll(s3Settings(config.s3()));
    settings.putAll(config.conf());
    return Map.copyOf(settings);
  }

  /**
   * {@link #settings(SparkConfig)} plus the metastore's settings, the user's {@code spark.conf.*}
   * still applied last.
   */
  public static Map<String, String> settings(SparkConfig config, MetastoreConfig metastore) {
    requireNonNull(config, "config is null");
    requireNonNull(metastore, "metastore is null");
    Map<String, String> settings = new LinkedHashMap<>(settings(config));
    settings.putAll(metastoreSettings(config.runtime(), metastore));
    settings.putAll(config.conf());
    return Map.copyOf(settings);
  }

  /**
   * The Hive catalog settings of a runtime. Locally: an embedded Derby metastore and its warehouse
   * in {@code metastore.localFolder()}, created on first use. On Glue and EMR Serverless: the Glue
   * Data Catalog through the Glue client factory both runtimes ship (Glue also needs the job
   * parameter {@code --enable-glue-datacatalog}).
   *
   * @throws IllegalArgumentException when a local run has no metastore folder
   */
  static Map<String, String> metastoreSettings(SparkRuntime runtime, MetastoreConfig metastore) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CATALOG_IMPLEMENTATION, "hive");
    if (runtime == SparkRuntime.LOCAL) {
      Path folder = localFolder(metastore);
      settings.put("spark.sql.warehouse.dir", folder.resolve("warehouse").toUri().toString());
      settings.put(
          HADOOP_PREFIX + "javax.jdo.option.ConnectionURL",
          "jdbc:derby:;databaseName=" + folder.resolve("metastore_db") + ";create=true");
      // A new folder gets the metastore's tables on first use instead of a schema-version error.
      settings.put(HADOOP_PREFIX + "datanucleus.schema.autoCreateAll", "true");
      settings.put(HADOOP_PREFIX + "hive.metastore.schema.verification", "false");
      // The embedded metastore would list every new partition's files for statistics nobody reads.
      settings.put(HADOOP_PREFIX + "hive.stats.autogather", "false");
    } else {
      settings.put(HADOOP_PREFIX + "hive.metastore.client.factory.class", GLUE_CLIENT_FACTORY);
    }
    return settings;
  }

  private static Path localFolder(MetastoreConfig metastore) {
    String folder =
        metastore
            .localFolder()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Cannot use the local metastore: no folder configured"
                            + " (catalog.local.path)"));
    Path path = folder.startsWith("file:") ? Path.of(URI.create(folder)) : Path.of(folder);
    return path.toAbsolutePath().normalize();
  }

  private static String describe(SparkRuntime runtime, MetastoreConfig metastore) {
    return runtime == SparkRuntime.LOCAL
        ? "embedded metastore in " + localFolder(metastore)
        : "Glue Data Catalog (" + runtime.configName() + ")";
  }

  /** S3A settings ({@code spark.hadoop.fs.s3a.*}) for {@code s3}. */
  static Map<String, String> s3Settings(S3Config s3) {
    Map<String, String> settings = new LinkedHashMap<>();
    String prefix = HADOOP_PREFIX + "fs.s3a.";
    s3.endpoint()
        .ifPresent(
            endpoint -> {
              settings.put(prefix + "endpoint", endpoint);
              if (endpoint.toLowerCase(Locale.ROOT).startsWith("http://")) {
                settings.put(prefix + "connection.ssl.enabled", "false");
              }
            });
    s3.region().ifPresent(region -> settings.put(prefix + "endpoint.region", region));
    if (s3.pathStyleAccess()) {
      settings.put(prefix + "path.style.access", "true");
    }
    if (s3.accessKey().isPresent()) {
      settings.put(prefix + "access.key", s3.accessKey().get());
      settings.put(prefix + "secret.key", s3.secretKey().orElseThrow());
      if (s3.sessionToken().isPresent()) {
        settings.put(prefix + "session.token", s3.sessionToken().get());
        settings.put(
            prefix + "aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
      } else {
        settings.put(
            prefix + "aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      }
    }
    return settings;
  }

  /** Cores a local master uses: {@code local[4]} is 4, {@code local[*]} all of them. */
  static int cores(String master, int machineCores) {
    if (master.equals("local")) {
      return 1;
    }
    Matcher local = LOCAL_MASTER.matcher(master);
    if (local.matches() && !local.group(1).equals("*")) {
      return Math.max(1, Integer.parseInt(local.group(1)));
    }
    return Math.max(1, machineCores);
  }
}
