package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Program arguments as AWS Glue, EMR Serverless and spark-submit deliver them: {@code --KEY value}
 * and {@code --KEY=value}.
 *
 * <ul>
 *   <li>{@code --config PATH}, {@code --env NAME} and {@code --run-id ID} are the toolkit's own.
 *   <li>Dotted keys ({@code --source.path s3://...}) and {@code --runtime} override configuration.
 *   <li>Any other key (Glue's {@code --JOB_NAME}, {@code --TempDir}, {@code --enable-metrics}...)
 *       is kept in {@link #ignored} and never an error.
 * </ul>
 *
 * A key followed by another key or by nothing gets the value {@code true}; a repeated key keeps its
 * last value; a value without a key before it is an error.
 *
 * @param configFile the job spec file, local path or Hadoop FileSystem URI
 * @param environment overlay name, e.g. {@code dev}: loads {@code <spec dir>/env/dev.yaml}
 * @param runId caller-supplied run id
 * @param overrides configuration overrides, key without the leading dashes
 * @param ignored runtime arguments the toolkit does not interpret, key without the leading dashes
 */
public record JobArguments(
    Optional<String> configFile,
    Optional<String> environment,
    Optional<String> runId,
    Map<String, String> overrides,
    Map<String, String> ignored) {
  private static final Logger LOG = LoggerFactory.getLogger(JobArguments.class);

  public static final String CONFIG = "config";
  public static final String ENVIRONMENT = "env";
  public static final String RUN_ID = "run-id";

  /** Non-dotted configuration keys, which would otherwise be taken for runtime arguments. */
  private static final Set<String> TOP_LEVEL_CONFIG_KEYS = Set.of("runtime");

  public JobArguments {
    requireNonNull(configFile, "configFile is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(runId, "runId is null");
    overrides = Map.copyOf(requireNonNull(overrides, "overrides is null"));
    ignored = Map.copyOf(requireNonNull(ignored, "ignored is null"));
  }

  /** No arguments at all. */
  public static JobArguments empty() {
    return new JobArguments(
        Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of());
  }

  /**
   * Parses program arguments.
   *
   * @throws ConfigException naming a value that has no key, or a key that is empty
   */
  public static JobArguments parse(String... args) {
    requireNonNull(args, "args is null");
    Map<String, String> parsed = new LinkedHashMap<>();
    Set<String> withoutValue = new TreeSet<>();
    int position = 0;
    while (position < args.length) {
      String argument = requireNonNull(args[position], "argument is null");
      if (!argument.startsWith("--")) {
        throw new ConfigException(
            "Cannot parse program arguments: '"
                + argument
                + "' at position "
                + (position + 1)
                + " is a value without a --key before it");
      }
      String key;
      String value;
      int equals = argument.indexOf('=');
      if (equals >= 0) {
        key = argument.substring(2, equals);
        value = argument.substring(equals + 1);
        position++;
      } else {
        key = argument.substring(2);
        boolean hasValue = position + 1 < args.length && !args[position + 1].startsWith("--");
        value = hasValue ? args[position + 1] : "true";
        position += hasValue ? 2 : 1;
        if (!hasValue) {
          withoutValue.add(key);
        } else {
          withoutValue.remove(key);
        }
      }
      if (key.isBlank()) {
        throw new ConfigException(
            "Cannot parse program arguments: '" + argument + "' has no key after the dashes");
      }
      if (equals >= 0) {
        withoutValue.remove(key);
      }
      // Last occurrence wins, but keep the original position order for the log line.
      parsed.remove(key);
      parsed.put(key, value);
    }

    for (String own : Set.of(CONFIG, ENVIRONMENT, RUN_ID)) {
      if (withoutValue.contains(own)) {
        throw new ConfigException(
            "Cannot parse program arguments: --"
                + own
                + " needs a value, e.g. --"
                + own
                + " <value>");
      }
    }

    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> ignored = new LinkedHashMap<>();
    Optional<String> configFile = Optional.empty();
    Optional<String> environment = Optional.empty();
    Optional<String> runId = Optional.empty();
    for (Map.Entry<String, String> entry : parsed.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (key.equals(CONFIG)) {
        configFile = Optional.of(value);
      } else if (key.equals(ENVIRONMENT)) {
        environment = Optional.of(value);
      } else if (key.equals(RUN_ID)) {
        runId = Optional.of(value);
      } else if (key.contains(".") || TOP_LEVEL_CONFIG_KEYS.contains(key)) {
        overrides.put(key, value);
      } else {
        ignored.put(key, value);
      }
    }
    if (!ignored.isEmpty()) {
      // Names only: runtime arguments may carry credentials.
      LOG.info(
          "Ignoring runtime arguments: --{}", String.join(", --", new TreeSet<>(ignored.keySet())));
    }
    return new JobArguments(configFile, environment, runId, overrides, ignored);
  }
}
