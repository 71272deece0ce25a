package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a job's {@link Settings} from three layers, later ones winning:
 *
 * <ol>
 *   <li>the job spec file ({@code --config PATH}; local path or any Hadoop FileSystem URI such as
 *       {@code s3://bucket/conf/job.yaml}),
 *   <li>the environment overlay ({@code --env dev} reads {@code <directory of spec>/env/dev.yaml}),
 *   <li>dotted program arguments ({@code --source.path s3://...}).
 * </ol>
 *
 * Then {@code ${NAME}} is substituted from {@code vars.*} and the environment variables, and
 * everything is validated against the schema. All problems are reported together in one {@link
 * ConfigException} before Spark starts.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  static final String OVERLAY_DIRECTORY = "env";
  static final String ARGUMENT_ORIGIN_PREFIX = "argument --";
  static final String OVERLAY_ORIGIN_PREFIX = "env overlay ";

  private ConfigLoader() {}

  /** Loads with the process environment variables. */
  public static Settings load(JobArguments arguments, ConfigSchema schema) {
    return load(arguments, schema, System.getenv());
  }

  /**
   * Loads, substitutes and validates the configuration.
   *
   * @param environmentVariables looked up for {@code ${NAME}} not defined under {@code vars.*}
   * @throws ConfigException listing every problem, each with its key and origin
   */
  public static Settings load(
      JobArguments arguments, ConfigSchema schema, Map<String, String> environmentVariables) {
    requireNonNull(arguments, "arguments is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(environmentVariables, "environmentVariables is null");

    Map<String, ConfigValue> merged = new LinkedHashMap<>();
    List<String> sources = new ArrayList<>();
    Optional<String> specFile = arguments.configFile();
    if (specFile.isPresent()) {
      String location = specFile.get();
      LOG.info("Reading job spec {}", location);
      ConfigLayers.apply(merged, readYaml(location, location, arguments));
      sources.add(location);
    }
    if (arguments.environment().isPresent()) {
      String environment = arguments.environment().get();
      if (specFile.isEmpty()) {
        throw new ConfigException(
            "Cannot load env overlay '"
                + environment
                + "': no --config given; overlays are read from <directory of spec file>/"
                + OVERLAY_DIRECTORY
                + "/"
                + environment
                + ".yaml");
      }
      if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
        throw new ConfigException(
            "Cannot load env overlay '"
                + environment
                + "': --env must be a plain name such as dev, qa, staging or prod");
      }
      String overlay = overlayLocation(specFile.get(), environment);
      LOG.info("Applying env overlay {}", overlay);
      ConfigLayers.apply(merged, readYaml(overlay, OVERLAY_ORIGIN_PREFIX + overlay, arguments));
      sources.add(OVERLAY_ORIGIN_PREFIX + overlay);
    }
    Map<String, ConfigValue> argumentValues = new LinkedHashMap<>();
    new TreeMap<>(arguments.overrides())
        .forEach(
            (key, value) ->
                argumentValues.put(key, ConfigValue.scalar(value, ARGUMENT_ORIGIN_PREFIX + key)));
    ConfigLayers.apply(merged, argumentValues);
    sources.add("arguments");

    Settings settings = Settings.resolve(schema, merged, environmentVariables, sources);
    LOG.info(
        "Loaded configuration: {} keys from {}",
        settings.keyNames().size(),
        String.join(", ", sources));
    return settings;
  }

  /**
   * Where a file named in the configuration (a SQL file, say) lives: an absolute path or URI as it
   * is, a relative path resolved against the folder of the spec file ({@code --config}), or against
   * the working folder when there is no spec file.
   */
  public static String resolveRelative(JobArguments arguments, String path) {
    requireNonNull(arguments, "arguments is null");
    requireNonNull(path, "path is null");
    Path named = new Path(path);
    if (named.isAbsolute() || named.toUri().getScheme() != null) {
      return path;
    }
    Optional<String> specFile = arguments.configFile();
    if (specFile.isEmpty() || new Path(specFile.get()).getParent() == null) {
      return path;
    }
    return new Path(new Path(specFile.get()).getParent(), path).toString();
  }

  /**
   * Reads a UTF-8 text file named in the configuration through Hadoop's file system, set up like
   * for the spec file (so {@code s3://} works on every runtime).
   *
   * @param key the key that names the file, for error messages
   * @throws ConfigException naming the key and the file when it cannot be read
   */
  public static String readText(JobArguments arguments, String location, String key) {
    requireNonNull(arguments, "arguments is null");
    requireNonNull(location, "location is null");
    requireNonNull(key, "key is null");
    Configuration configuration = hadoopConfiguration(arguments);
    Path path = hadoopPath(location, configuration);
    try {
      FileSystem fileSystem = path.getFileSystem(configuration);
      try (InputStream input = fileSystem.open(path)) {
        return new String(input.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException e) {
      throw new ConfigException("Cannot read " + key + " file " + location + ": file not found");
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + key + " file " + location + ": " + e.getMessage());
    }
  }

  /** {@code <directory of spec>/env/<name>.yaml}, keeping the spec's scheme and authority. */
  static String overlayLocation(String specFile, String environment) {
    Path spec = new Path(specFile);
    Path directory = spec.getParent();
    String fileName = environment + ".yaml";
    if (directory == null) {
      return OVERLAY_DIRECTORY + "/" + fileName;
    }
    return new Path(new Path(directory, OVERLAY_DIRECTORY), fileName).toString();
  }

  /**
   * The Hadoop path to read {@code location} from. {@code s3://} becomes {@code s3a://} when this
   * JVM has no FileSystem for the s3 scheme (Glue and EMR register one; plain Hadoop only s3a).
   */
  static Path hadoopPath(String location, Configuration configuration) {
    Path path = new Path(location);
    URI uri = path.toUri();
    if ("s3".equalsIgnoreCase(uri.getScheme()) && !hasFileSystem("s3", configuration)) {
      try {
        return new Path(
            new URI("s3a", uri.getAuthority(), uri.getPath(), uri.getQuery(), uri.getFragment()));
      } catch (URISyntaxException e) {
        throw new ConfigException("Cannot read config file " + location + ": " + e.getMessage());
      }
    }
    return path;
  }

  private static boolean hasFileSystem(String scheme, Configuration configuration) {
    try {
      FileSystem.getFileSystemClass(scheme, configuration);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The Hadoop configuration for reading config files. Only arguments are known before the spec is
   * read, so {@code --s3.*} and {@code --spark.conf.spark.hadoop.*} arguments are applied here: a
   * local run can then read its spec from an S3-compatible store.
   */
  public static Configuration hadoopConfiguration(JobArguments arguments) {
    Configuration configuration = new Configuration();
    Map<String, String> overrides = arguments.overrides();
    copy(overrides, "s3.endpoint", configuration, "fs.s3a.endpoint");
    copy(overrides, "s3.region", configuration, "fs.s3a.endpoint.region");
    copy(overrides, "s3.path-style-access", configuration, "fs.s3a.path.style.access");
    copy(overrides, "s3.access-key", configuration, "fs.s3a.access.key");
    copy(overrides, "s3.secret-key", configuration, "fs.s3a.secret.key");
    copy(overrides, "s3.session-token", configuration, "fs.s3a.session.token");
    if (overrides.containsKey("s3.session-token")) {
      configuration.set(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
    } else if (overrides.containsKey("s3.access-key")) {
      configuration.set(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }
    String hadoopPrefix = "spark.conf.spark.hadoop.";
    overrides.forEach(
        (key, value) -> {
          if (key.startsWith(hadoopPrefix) && key.length() > hadoopPrefix.length()) {
            configuration.set(key.substring(hadoopPrefix.length()), value);
          }
        });
    return configuration;
  }

  private static void copy(
      Map<String, String> overrides, String key, Configuration configuration, String hadoopKey) {
    String value = overrides.get(key);
    if (value != null && !value.isBlank()) {
      configuration.set(hadoopKey, value.trim());
    }
  }

  private static Map<String, ConfigValue> readYaml(
      String location, String origin, JobArguments arguments) {
    Configuration configuration = hadoopConfiguration(arguments);
    Path path = hadoopPath(location, configuration);
    try {
      FileSystem fileSystem = path.getFileSystem(configuration);
      try (InputStream input = fileSystem.open(path)) {
        return YamlFlattener.flatten(input, location, origin);
      }
    } catch (FileNotFoundException e) {
      String what = origin.startsWith(OVERLAY_ORIGIN_PREFIX) ? "env overlay" : "config file";
      throw new ConfigException("Cannot read " + what + " " + location + ": file not found");
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + location + ": " + e.getMessage());
    }
  }
}
