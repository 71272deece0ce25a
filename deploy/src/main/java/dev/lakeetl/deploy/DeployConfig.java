package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.Settings;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated deployment settings of one environment.
 *
 * @param environment the environment name, also passed to the jobs as {@code --env}
 * @param region AWS region, empty for the SDK's default
 * @param artifactsBucket bucket of the uploaded artifacts
 * @param artifactsPrefix key prefix of the uploaded artifacts
 * @param glue Glue job settings
 * @param emr EMR Serverless settings
 * @param tags tags on everything the tool creates
 */
public record DeployConfig(
    String environment,
    Optional<String> region,
    String artifactsBucket,
    String artifactsPrefix,
    Glue glue,
    Emr emr,
    Map<String, String> tags) {

  public DeployConfig {
    requireNonNull(environment, "environment is null");
    requireNonNull(region, "region is null");
    requireNonNull(artifactsBucket, "artifactsBucket is null");
    requireNonNull(artifactsPrefix, "artifactsPrefix is null");
    requireNonNull(glue, "glue is null");
    requireNonNull(emr, "emr is null");
    tags = sorted(requireNonNull(tags, "tags is null"));
  }

  /** Reads the typed values of {@link DeployKeys} from validated settings. */
  public static DeployConfig from(String environment, Settings settings) {
    requireNonNull(settings, "settings is null");
    Glue glue =
        new Glue(
            settings.get(DeployKeys.GLUE_JOB_PREFIX),
            settings.get(DeployKeys.GLUE_ROLE_ARN),
            settings.get(DeployKeys.GLUE_VERSION),
            settings.get(DeployKeys.GLUE_WORKER_TYPE),
            settings.get(DeployKeys.GLUE_NUMBER_OF_WORKERS),
            settings.get(DeployKeys.GLUE_STREAMING_NUMBER_OF_WORKERS),
            settings.get(DeployKeys.GLUE_TIMEOUT_MINUTES),
            settings.get(DeployKeys.GLUE_MAX_RETRIES),
            settings.get(DeployKeys.GLUE_JOB_BOOKMARK_OPTION),
            settings.get(DeployKeys.GLUE_TEMP_DIR),
            settings.find(DeployKeys.GLUE_LOG_GROUP).filter(value -> !value.isBlank()),
            settings.get(DeployKeys.GLUE_DEFAULT_ARGUMENTS));
    Emr emr =
        new Emr(
            settings.get(DeployKeys.EMR_APPLICATION_NAME),
            settings.get(DeployKeys.EMR_RELEASE_LABEL),
            settings.get(DeployKeys.EMR_EXECUTION_ROLE_ARN),
            settings.get(DeployKeys.EMR_LOG_URI),
            settings.get(DeployKeys.EMR_DRIVER_COUNT),
            settings.get(DeployKeys.EMR_EXECUTOR_COUNT),
            settings.get(DeployKeys.EMR_WORKER_CPU),
            settings.get(DeployKeys.EMR_WORKER_MEMORY),
            settings.get(DeployKeys.EMR_MAXIMUM_CPU),
            settings.get(DeployKeys.EMR_MAXIMUM_MEMORY),
            settings.get(DeployKeys.EMR_IDLE_TIMEOUT_MINUTES),
            settings.get(DeployKeys.EMR_TIMEOUT_MINUTES),
            settings.get(DeployKeys.EMR_SPARK_CONF));
    return new DeployConfig(
        environment,
        settings.find(DeployKeys.REGION).filter(value -> !value.isBlank()),
        settings.get(DeployKeys.ARTIFACTS_BUCKET),
        settings.get(DeployKeys.ARTIFACTS_PREFIX),
        glue,
        emr,
        settings.get(DeployKeys.TAGS));
  }

  /** Glue job settings; see {@link DeployKeys} for each value. */
  public record Glue(
      String jobPrefix,
      String roleArn,
      String version,
      String workerType,
      int numberOfWorkers,
      int streamingNumberOfWorkers,
      int timeoutMinutes,
      int maxRetries,
      String jobBookmarkOption,
      String tempDir,
      Optional<String> logGroup,
      Map<String, String> defaultArguments) {
    public Glue {
      requireNonNull(jobPrefix, "jobPrefix is null");
      requireNonNull(roleArn, "roleArn is null");
      requireNonNull(version, "version is null");
      requireNonNull(workerType, "workerType is null");
      requireNonNull(jobBookmarkOption, "jobBookmarkOption is null");
      requireNonNull(tempDir, "tempDir is null");
      requireNonNull(logGroup, "logGroup is null");
      defaultArguments = sorted(requireNonNull(defaultArguments, "defaultArguments is null"));
    }

    /** The Glue job name of {@code job}. */
    public String jobName(DeployedJob job) {
      return jobPrefix + job.name();
    }
  }

  /** EMR Serverless settings; see {@link DeployKeys} for each value. */
  public record Emr(
      String applicationName,
      String releaseLabel,
      String executionRoleArn,
      String logUri,
      int driverCount,
      int executorCount,
      String workerCpu,
      String workerMemory,
      String maximumCpu,
      String maximumMemory,
      int idleTimeoutMinutes,
      int timeoutMinutes,
      Map<String, String> sparkConf) {
    public Emr {
      requireNonNull(applicationName, "applicationName is null");
      requireNonNull(releaseLabel, "releaseLabel is null");
      requireNonNull(executionRoleArn, "executionRoleArn is null");
      requireNonNull(logUri, "logUri is null");
      requireNonNull(workerCpu, "workerCpu is null");
      requireNonNull(workerMemory, "workerMemory is null");
      requireNonNull(maximumCpu, "maximumCpu is null");
      requireNonNull(maximumMemory, "maximumMemory is null");
      sparkConf = sorted(requireNonNull(sparkConf, "sparkConf is null"));
    }
  }

  /** An immutable copy in key order, so requests and --dry-run output are the same every run. */
  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
