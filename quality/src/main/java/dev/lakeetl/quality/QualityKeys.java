package dev.lakeetl.quality;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.quality.rules.Severity;
import java.time.Duration;
import java.util.Map;

/** The {@code quality.*} keys a batch job adds to its schema to run quality rules. */
public final class QualityKeys {
  public static final ConfigKey<Boolean> ENABLED =
      ConfigKey.bool("quality.enabled")
          .withDefault(true)
          .description(
              "Run the configured rules; false stages and publishes the output without checks");

  public static final ConfigKey<Map<String, String>> RULES =
      ConfigKey.map("quality.rules")
          .description(
              "Rules by name: quality.rules.<name>.type plus its parameters and severity"
                  + " (warn, quarantine, fail); see docs/quality.md");

  public static final ConfigKey<String> DQDL =
      ConfigKey.string("quality.dqdl")
          .description("A ruleset in AWS Glue DQDL, e.g. Rules = [ IsComplete \"id\" ]");

  public static final ConfigKey<Severity> DQDL_SEVERITY =
      ConfigKey.enumeration("quality.dqdl-severity", Severity.class)
          .withDefault(Severity.FAIL)
          .description("Severity of every DQDL rule (DQDL has none)");

  public static final ConfigKey<Severity> DEFAULT_SEVERITY =
      ConfigKey.enumeration("quality.default-severity", Severity.class)
          .withDefault(Severity.FAIL)
          .description("Severity of native rules that do not set one");

  public static final ConfigKey<String> DATASET =
      ConfigKey.string("quality.dataset")
          .description("Name the metrics history is keyed by; default job.name");

  public static final ConfigKey<String> HISTORY_PATH =
      ConfigKey.string("quality.history-path")
          .description(
              "Folder of the metrics history (Deequ repository); default target.path/_quality");

  public static final ConfigKey<String> STAGING_PATH =
      ConfigKey.string("quality.staging-path")
          .description(
              "Where a run writes before its checks pass; default target.path/_staging (must be on"
                  + " the same file system as target.path)");

  public static final ConfigKey<Duration> STAGING_RETENTION =
      ConfigKey.duration("quality.staging-retention")
          .withDefault(QualityConfig.DEFAULT_STAGING_RETENTION)
          .formerly("quality.staging-retention-hours", "h")
          .description(
              "A run removes staging folders of other runs whose newest file is older than this"
                  + " (left by a killed run; never one with an open publish journal); 0s keeps"
                  + " them");

  /**
   * The keys that declare rules, without the metrics history and staging ones: what the streaming
   * job reads, which checks each micro-batch inside its own sink.
   */
  public static final ConfigSchema RULE_SCHEMA =
      ConfigSchema.of(ENABLED, RULES, DQDL, DQDL_SEVERITY, DEFAULT_SEVERITY);

  /** Every quality key. */
  public static final ConfigSchema SCHEMA =
      RULE_SCHEMA.plus(ConfigSchema.of(DATASET, HISTORY_PATH, STAGING_PATH, STAGING_RETENTION));

  private QualityKeys() {}
}
