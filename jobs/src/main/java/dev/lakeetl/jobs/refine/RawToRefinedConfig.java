package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.CoreConfigs;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Ratio;
import dev.lakeetl.config.Settings;
import dev.lakeetl.incremental.FileSelection;
import dev.lakeetl.incremental.IncrementalConfig;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.jobs.batch.BatchJobConfig;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.spark.SparkConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a raw-to-refined run needs, validated.
 *
 * @param jobName job.name
 * @param source source.*
 * @param target target.*
 * @param quarantinePath quarantine.path (default {@code <target.path>/_quarantine})
 * @param quarantineMaxRatio quarantine.max-ratio: the largest share of the records read a run may
 *     quarantine and still publish; empty when off
 * @param reportPath report.path (default {@code <target.path>/_reports})
 * @param spark runtime, spark.*, s3.*
 * @param rules transform.* plus partitioning and text formats
 * @param catalog catalog.*: the table the target is registered as, empty when not registered
 * @param incremental incremental.*, --run-date and Glue's --job-bookmark-option: which input a run
 *     reads
 * @param quality quality.*: the rules that gate publishing
 */
public record RawToRefinedConfig(
    String jobName,
    SourceConfig source,
    WriterConfig target,
    String quarantinePath,
    Optional<Ratio> quarantineMaxRatio,
    String reportPath,
    SparkConfig spark,
    RefineRules rules,
    Optional<CatalogConfig> catalog,
    IncrementalConfig incremental,
    QualityConfig quality)
    implements BatchJobConfig {
  public RawToRefinedConfig {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(source, "source is null");
    requireNonNull(target, "target is null");
    requireNonNull(quarantinePath, "quarantinePath is null");
    requireNonNull(quarantineMaxRatio, "quarantineMaxRatio is null");
    requireNonNull(reportPath, "reportPath is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(rules, "rules is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(incremental, "incremental is null");
    FileSelection.validate(source, target.mode(), incremental);
    if (target.mode() == WriteMode.OVERWRITE_PARTITIONS) {
      incremental
          .dayPartitionProblem("target.partition-by", "target.write-mode", target.partitionBy())
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(problem);
              });
    }
    requireNonNull(quality, "quality is null");
    if (!rules.partitionBy().equals(target.partitionBy())) {
      throw new IllegalArgumentException(
          "Cannot configure job: rules partition by "
              + rules.partitionBy()
              + " but the target by "
              + target.partitionBy());
    }
  }

  /** The catalog table of the refined output ({@link RawToRefinedJob#OUTPUT_NAME}), if any. */
  @Override
  public Map<String, CatalogConfig> tables() {
    return catalog.map(table -> Map.of(RawToRefinedJob.OUTPUT_NAME, table)).orElse(Map.of());
  }

  /**
   * Builds the job configuration from loaded settings.
   *
   * @throws ConfigException naming the key when a value is valid on its own but not for this job
   */
  public static RawToRefinedConfig from(
      Settings settings, JobArguments arguments, Map<String, String> environmentVariables) {
    requireNonNull(settings, "settings is null");
    SourceConfig source = CoreConfigs.source(settings);
    WriterConfig target = CoreConfigs.writer(settings);
    SparkConfig spark = CoreConfigs.spark(settings, arguments, environmentVariables);
    Optional<CatalogConfig> catalog = CatalogConfig.from(settings, spark.runtime());
    QualityConfig quality =
        QualityConfig.from(settings, CoreConfigs.jobName(settings), target.path());
    try {
      RefineRules rules =
          new RefineRules(
              settings.get(RefineKeys.COLUMN_NAMES),
              settings.get(RefineKeys.RENAME),
              settings.get(RefineKeys.REQUIRED),
              settings.get(RefineKeys.DEDUPE_KEY),
              settings.get(RefineKeys.DEDUPE_ORDER_BY).stream().map(DedupeOrder::parse).toList(),
              settings.find(RefineKeys.EVENT_TIME).filter(value -> !value.isBlank()),
              target.partitionBy(),
              new TemporalFormats(source.timestampFormat(), source.dateFormat()));
      String jobName = CoreConfigs.jobName(settings);
      IncrementalConfig incremental =
          IncrementalConfig.from(
              settings, arguments, IncrementalConfig.defaultBookmarkPath(target.path(), jobName));
      return new RawToRefinedConfig(
          jobName,
          source,
          target,
          CoreConfigs.quarantinePath(settings),
          CoreConfigs.quarantineMaxRatio(settings),
          CoreConfigs.reportPath(settings),
          spark,
          rules,
          catalog,
          incremental,
          quality);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
