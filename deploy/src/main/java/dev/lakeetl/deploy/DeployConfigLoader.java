package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLayers;
import dev.lakeetl.config.Settings;
import dev.lakeetl.config.YamlFlattener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Loads the deployment settings of one environment: {@code <folder>/deploy.yaml} (shared defaults,
 * optional) overlaid key by key by {@code <folder>/env/<env>.yaml} (required), then validated
 * against {@link DeployKeys#SCHEMA}. Nested maps and dotted keys are the same thing, as in job
 * configs; a null value removes the shared default. Keys of the Glue job definitions and of the EMR
 * Serverless application are refused with a pointer to the Terraform that owns them.
 */
public final class DeployConfigLoader {
  static final String SHARED_FILE = "deploy.yaml";
  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /**
   * Settings Terraform owns, by key prefix: {@code infrastructure/} creates the Glue jobs and the
   * EMR Serverless application, and a deploy never changes them.
   */
  private static final Map<String, String> OWNED_BY_TERRAFORM =
      Map.ofEntries(
          Map.entry("glue.role-arn", "the Glue job role"),
          Map.entry("glue.version", "the Glue job definition (glue_version)"),
          Map.entry("glue.worker-type", "the Glue job definition (worker_type)"),
          Map.entry("glue.number-of-workers", "glue_number_of_workers"),
          Map.entry("glue.streaming.number-of-workers", "glue_streaming_number_of_workers"),
          Map.entry("glue.timeout", "the Glue job definition (timeout)"),
          Map.entry("glue.max-retries", "glue_max_retries"),
          Map.entry("glue.job-bookmark-option", "the Glue job arguments"),
          Map.entry("glue.temp-dir", "the Glue job arguments (--TempDir)"),
          Map.entry("glue.log-group", "the Glue job logging arguments"),
          Map.entry("glue.default-arguments", "the Glue job arguments"),
          Map.entry("emr.release-label", "the EMR Serverless application (release_label)"),
          Map.entry(
              "emr.initial-capacity", "emr_initial_driver_count / emr_initial_executor_count"),
          Map.entry("emr.maximum-capacity", "the EMR Serverless application (maximum_capacity)"),
          Map.entry("emr.auto-stop", "the EMR Serverless application (auto_stop_configuration)"));

  private DeployConfigLoader() {}

  /**
   * Loads and validates.
   *
   * @param folder the deployment settings folder, usually {@code deploy/}
   * @throws ConfigException naming the file or listing every invalid key
   */
  public static DeployConfig load(Path folder, String environment) {
    requireNonNull(folder, "folder is null");
    requireNonNull(environment, "environment is null");
    if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
      throw new ConfigException(
          "Cannot load deployment settings: --env '"
              + environment
              + "' must be a plain name such as dev, qa, staging or prod");
    }
    Map<String, String> values = new LinkedHashMap<>();
    Path shared = folder.resolve(SHARED_FILE);
    if (Files.isRegularFile(shared)) {
      ConfigLayers.apply(values, YamlFlattener.flattenToText(shared));
    }
    Path overlay = folder.resolve("env").resolve(environment + ".yaml");
    if (!Files.isRegularFile(overlay)) {
      throw new ConfigException(
          "Cannot load deployment settings of '"
              + environment
              + "': "
              + overlay
              + " does not exist (one file per environment in "
              + folder.resolve("env")
              + ")");
    }
    ConfigLayers.apply(values, YamlFlattener.flattenToText(overlay));
    refuseTerraformSettings(withoutNulls(values), shared, overlay);
    Settings settings;
    try {
      settings = Settings.of(DeployKeys.SCHEMA, withoutNulls(values));
    } catch (ConfigException e) {
      List<String> problems = new ArrayList<>();
      for (String problem : e.problems()) {
        problems.add(problem.replace("the given values", shared + ", " + overlay));
      }
      throw new ConfigException(problems);
    }
    return DeployConfig.from(environment, settings);
  }

  private static void refuseTerraformSettings(
      Map<String, String> values, Path shared, Path overlay) {
    List<String> problems = new ArrayList<>();
    for (String key : values.keySet()) {
      OWNED_BY_TERRAFORM.forEach(
          (prefix, owner) -> {
            if (key.equals(prefix) || key.startsWith(prefix + ".")) {
              problems.add(
                  key
                      + " (from "
                      + shared
                      + ", "
                      + overlay
                      + "): Terraform owns "
                      + owner
                      + "; set it in infrastructure/ (modules/lakeetl_environment, called from"
                      + " environments/<env>/main.tf) and remove it here");
            }
          });
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static Map<String, String> withoutNulls(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (value != null) {
            copy.put(key, value);
          }
        });
    return copy;
  }
}
