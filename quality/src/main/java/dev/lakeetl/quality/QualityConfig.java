package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import dev.lakeetl.quality.dqdl.DqdlParser;
import dev.lakeetl.quality.rules.NativeRules;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.spark.StoragePaths;
import java.time.Duration;

/**
 * The quality settings of one dataset, validated.
 *
 * @param rules native rules followed by DQDL rules; empty when {@code quality.enabled} is false
 * @param dataset the name the history is keyed by
 * @param historyPath folder of the metrics history
 * @param stagingRoot folder under which each run stages its output ({@code <root>/<run id>}), with
 *     or without rules
 * @param stagingRetention how old the newest file of another run's staging folder must be before a
 *     run removes the folder; zero keeps them
 */
public record QualityConfig(
    RuleSet rules,
    String dataset,
    String historyPath,
    String stagingRoot,
    Duration stagingRetention) {
  /** What {@code quality.staging-retention} defaults to. */
  public static final Duration DEFAULT_STAGING_RETENTION = Duration.ofHours(24);

  public QualityConfig {
    requireNonNull(rules, "rules is null");
    requireNonNull(dataset, "dataset is null");
    requireNonNull(historyPath, "historyPath is null");
    requireNonNull(stagingRoot, "stagingRoot is null");
    requireNonNull(stagingRetention, "stagingRetention is null");
    if (stagingRetention.isNegative()) {
      throw new IllegalArgumentException("Cannot keep staging folders: negative retention");
    }
  }

  /**
   * Whether any rule is declared. Without rules a job still writes to the staging folder and
   * publishes from there ({@link WriteAuditPublish}), without checks.
   */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /** The staging folder of one run. */
  public String stagingPath(String runId) {
    return StoragePaths.child(stagingRoot, runId);
  }

  /**
   * Reads the {@code quality.*} keys.
   *
   * @param jobName default dataset name
   * @param targetPath the table root the defaults are relative to
   * @throws ConfigException naming every bad key
   */
  public static QualityConfig from(Settings settings, String jobName, String targetPath) {
    requireNonNull(settings, "settings is null");
    requireNonNull(jobName, "jobName is null");
    requireNonNull(targetPath, "targetPath is null");
    String root = StoragePaths.withoutTrailingSlash(targetPath);
    // A run also stages without rules (quarantine.max-ratio): the staging keys always apply.
    String stagingRoot = nonBlank(settings, QualityKeys.STAGING_PATH, root + "/_staging");
    Duration stagingRetention = settings.get(QualityKeys.STAGING_RETENTION);
    if (!settings.get(QualityKeys.ENABLED)) {
      return new QualityConfig(
          RuleSet.EMPTY, jobName, root + "/_quality", stagingRoot, stagingRetention);
    }
    return new QualityConfig(
        rules(settings),
        nonBlank(settings, QualityKeys.DATASET, jobName),
        nonBlank(settings, QualityKeys.HISTORY_PATH, root + "/_quality"),
        stagingRoot,
        stagingRetention);
  }

  /**
   * The native rules ({@code quality.rules.*}) followed by the DQDL rules ({@code quality.dqdl}),
   * whether or not {@code quality.enabled} is set.
   *
   * @throws ConfigException naming every bad key
   */
  public static RuleSet rules(Settings settings) {
    requireNonNull(settings, "settings is null");
    RuleSet rules =
        NativeRules.parse(settings, QualityKeys.RULES, settings.get(QualityKeys.DEFAULT_SEVERITY));
    String dqdl = settings.find(QualityKeys.DQDL).orElse("");
    if (dqdl.isBlank()) {
      return rules;
    }
    try {
      return rules.plus(DqdlParser.parse(dqdl, settings.get(QualityKeys.DQDL_SEVERITY)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(settings.fullName(QualityKeys.DQDL.name()) + ": " + e.getMessage());
    }
  }

  private static String nonBlank(
      Settings settings, dev.lakeetl.config.ConfigKey<String> key, String fallback) {
    return settings.find(key).filter(value -> !value.isBlank()).orElse(fallback);
  }
}
