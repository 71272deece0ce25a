package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.CsvOptions;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.spark.S3Config;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import dev.lakeetl.spark.StoragePaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Maps validated {@link Settings} of the {@link CoreKeys} to the shared config records. */
public final class CoreConfigs {
  /** Arguments Glue passes to every job run. */
  static final Set<String> GLUE_ARGUMENTS = Set.of("JOB_NAME", "JOB_RUN_ID", "JOB_ID");

  /** Environment variables whose presence marks an EMR Serverless (or EMR) container. */
  static final Set<String> EMR_ENVIRONMENT_MARKERS =
      Set.of("EMR_SERVERLESS_APPLICATION_ID", "EMR_SERVERLESS_JOB_RUN_ID", "EMR_RELEASE_LABEL");

  static final String QUARANTINE_FOLDER = "_quarantine";
  static final String REPORT_FOLDER = "_reports";

  private CoreConfigs() {}

  /** source.* as a {@link SourceConfig}. */
  public static SourceConfig source(Settings settings) {
    requireNonNull(settings, "settings is null");
    CsvOptions csv =
        build(
            settings,
            () ->
                new CsvOptions(
                    settings.get(CoreKeys.SOURCE_CSV_HEADER),
                    settings.get(CoreKeys.SOURCE_CSV_DELIMITER),
                    settings.get(CoreKeys.SOURCE_CSV_QUOTE),
                    settings.get(CoreKeys.SOURCE_CSV_ESCAPE)),
            CoreKeys.SOURCE_CSV_DELIMITER,
            CoreKeys.SOURCE_CSV_QUOTE,
            CoreKeys.SOURCE_CSV_ESCAPE);
    return build(
        settings,
        () ->
            new SourceConfig(
                settings.get(CoreKeys.SOURCE_PATH),
                settings.get(CoreKeys.SOURCE_FORMAT),
                settings.get(CoreKeys.SOURCE_MULTILINE),
                text(settings, CoreKeys.SOURCE_SCHEMA),
                csv,
                text(settings, CoreKeys.SOURCE_TIMESTAMP_FORMAT),
                text(settings, CoreKeys.SOURCE_DATE_FORMAT),
                settings.get(CoreKeys.SOURCE_RECURSIVE),
                settings.get(CoreKeys.SOURCE_OPTIONS),
                new NullValues(
                    settings.get(CoreKeys.SOURCE_EMPTY_AS_NULL),
                    settings.get(CoreKeys.SOURCE_NULL_VALUES))),
        CoreKeys.SOURCE_PATH);
  }

  /** target.* as a {@link WriterConfig}. */
  public static WriterConfig writer(Settings settings) {
    requireNonNull(settings, "settings is null");
    return build(
        settings,
        () ->
            new WriterConfig(
                settings.get(CoreKeys.TARGET_PATH),
                settings.get(CoreKeys.TARGET_PARTITION_BY),
                settings.get(CoreKeys.TARGET_COMPRESSION),
                settings.get(CoreKeys.TARGET_MAX_RECORDS_PER_FILE),
                settings.get(CoreKeys.TARGET_WRITE_MODE)),
        CoreKeys.TARGET_PATH,
        CoreKeys.TARGET_MAX_RECORDS_PER_FILE);
  }

  /**
   * runtime, spark.* and s3.* as a {@link SparkConfig}, with {@code runtime: auto} resolved: GLUE
   * when Glue's own arguments (JOB_NAME, JOB_RUN_ID, JOB_ID) are among {@code arguments.ignored()};
   * EMR_SERVERLESS when a non-local {@code spark.master} system property is set (spark-submit sets
   * it) or the environment has EMR markers; else LOCAL.
   */
  public static SparkConfig spark(
      Settings settings, JobArguments arguments, Map<String, String> environmentVariables) {
    requireNonNull(settings, "settings is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    SparkRuntime runtime =
        runtime(
            settings.get(CoreKeys.RUNTIME),
            arguments,
            environmentVariables,
            Optional.ofNullable(System.getProperty("spark.master")));
    return new SparkConfig(
        runtime,
        text(settings, CoreKeys.SPARK_MASTER),
        settings.get(CoreKeys.SPARK_CONF),
        s3(settings));
  }

  /** s3.* as an {@link S3Config}. */
  public static S3Config s3(Settings settings) {
    requireNonNull(settings, "settings is null");
    return build(
        settings,
        () ->
            new S3Config(
                text(settings, CoreKeys.S3_ENDPOINT),
                text(settings, CoreKeys.S3_REGION),
                settings.get(CoreKeys.S3_PATH_STYLE_ACCESS),
                text(settings, CoreKeys.S3_ACCESS_KEY),
                text(settings, CoreKeys.S3_SECRET_KEY),
                text(settings, CoreKeys.S3_SESSION_TOKEN)),
        CoreKeys.S3_ACCESS_KEY,
        CoreKeys.S3_SECRET_KEY);
  }

  /** Resolves {@code auto}; any other choice is taken as it is. */
  static SparkRuntime runtime(
      RuntimeChoice choice,
      JobArguments arguments,
      Map<String, String> environmentVariables,
      Optional<String> sparkMasterProperty) {
    switch (choice) {
      case LOCAL:
        return SparkRuntime.LOCAL;
      case GLUE:
        return SparkRuntime.GLUE;
      case EMR_SERVERLESS:
        return SparkRuntime.EMR_SERVERLESS;
      case AUTO:
        break;
      default:
        throw new IllegalStateException("Unknown runtime " + choice);
    }
    if (arguments.ignored().keySet().stream().anyMatch(GLUE_ARGUMENTS::contains)) {
      return SparkRuntime.GLUE;
    }
    boolean remoteMaster =
        sparkMasterProperty
            .filter(master -> !master.isBlank() && !master.startsWith("local"))
            .isPresent();
    boolean emrEnvironment =
        environmentVariables.keySet().stream().anyMatch(EMR_ENVIRONMENT_MARKERS::contains);
    if (remoteMaster || emrEnvironment) {
      return SparkRuntime.EMR_SERVERLESS;
    }
    return SparkRuntime.LOCAL;
  }

  /** The job name (job.name). */
  public static String jobName(Settings settings) {
    requireNonNull(settings, "settings is null");
    return settings.get(CoreKeys.JOB_NAME);
  }

  /** quarantine.path, or {@code <target.path>/_quarantine}. */
  public static String quarantinePath(Settings settings) {
    return derivedPath(settings, CoreKeys.QUARANTINE_PATH, QUARANTINE_FOLDER);
  }

  /** quarantine.max-ratio: the largest share of records a run may quarantine; empty when off. */
  public static Optional<Ratio> quarantineMaxRatio(Settings settings) {
    requireNonNull(settings, "settings is null");
    return Ratio.parseLimit(
        CoreKeys.QUARANTINE_MAX_RATIO.name(), settings.get(CoreKeys.QUARANTINE_MAX_RATIO));
  }

  /** report.path, or {@code <target.path>/_reports}. */
  public static String reportPath(Settings settings) {
    return derivedPath(settings, CoreKeys.REPORT_PATH, REPORT_FOLDER);
  }

  private static String derivedPath(Settings settings, ConfigKey<String> key, String folder) {
    requireNonNull(settings, "settings is null");
    Optional<String> configured = text(settings, key);
    if (configured.isPresent()) {
      return configured.get();
    }
    return StoragePaths.child(settings.get(CoreKeys.TARGET_PATH), folder);
  }

  /** A text value; blank counts as unset (YAML {@code key: ""} clears a default-less key). */
  private static Optional<String> text(Settings settings, ConfigKey<String> key) {
    return settings.find(key).filter(value -> !value.isBlank());
  }

  private static String describeOrigin(Settings settings, ConfigKey<?> key) {
    String origin = settings.origin(key.name());
    return origin.equals(Settings.NOT_SET_ORIGIN) ? origin : "from " + origin;
  }

  /** Builds a record, turning its validation error into a ConfigException naming the keys. */
  private static <R> R build(Settings settings, Supplier<R> constructor, ConfigKey<?>... keys) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String named =
          List.of(keys).stream()
              .map(key -> key.name() + " (" + describeOrigin(settings, key) + ")")
              .collect(Collectors.joining(", "));
      throw new ConfigException(named + ": " + e.getMessage());
    }
  }
}
