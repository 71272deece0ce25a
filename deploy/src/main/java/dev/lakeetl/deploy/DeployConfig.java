package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.Settings;
import dev.lakeetl.deploy.DeployKeys.StreamingRuntime;
import java.time.Duration;
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
 * @param glue the Glue jobs a deploy points at new artifacts
 * @param streamingRuntime where the streaming job runs
 * @param emr EMR Serverless job run settings
 * @param tags tags on EMR Serverless job runs
 */
public record DeployConfig(
    String environment,
    Optional<String> region,
    String artifactsBucket,
    String artifactsPrefix,
    Glue glue,
    StreamingRuntime streamingRuntime,
    Emr emr,
    Map<String, String> tags) {

  public DeployConfig {
    requireNonNull(environment, "environment is null");
    requireNonNull(region, "region is null");
    requireNonNull(artifactsBucket, "artifactsBucket is null");
    requireNonNull(artifactsPrefix, "artifactsPrefix is null");
    requireNonNull(glue, "glue is null");
    requireNonNull(streamingRuntime, "streamingRuntime is null");
    requireNonNull(emr, "emr is null");
    tags = sorted(requireNonNull(tags, "tags is null"));
  }

  /** Reads the typed values of {@link DeployKeys} from validated settings. */
  public static DeployConfig from(String environment, Settings settings) {
    requireNonNull(settings, "settings is null");
    Emr emr =
        new Emr(
            settings.get(DeployKeys.EMR_APPLICATION_NAME),
            settings.get(DeployKeys.EMR_EXECUTION_ROLE_ARN),
            settings.get(DeployKeys.EMR_LOG_URI),
            settings.get(DeployKeys.EMR_TIMEOUT),
            settings.get(DeployKeys.EMR_MAX_ATTEMPTS),
            settings.get(DeployKeys.EMR_STREAMING_MAX_FAILED_ATTEMPTS_PER_HOUR),
            settings.get(DeployKeys.EMR_SPARK_CONF));
    return new DeployConfig(
        environment,
        settings.find(DeployKeys.REGION).filter(value -> !value.isBlank()),
        settings.get(DeployKeys.ARTIFACTS_BUCKET),
        settings.get(DeployKeys.ARTIFACTS_PREFIX),
        new Glue(settings.get(DeployKeys.GLUE_JOB_PREFIX)),
        settings.get(DeployKeys.STREAMING_RUNTIME),
        emr,
        settings.get(DeployKeys.TAGS));
  }

  /**
   * The Glue jobs of the environment, which Terraform creates and a deploy points at new artifacts.
   *
   * @param jobPrefix Glue job names are {@code <prefix><job>}
   */
  public record Glue(String jobPrefix) {
    public Glue {
      requireNonNull(jobPrefix, "jobPrefix is null");
    }

    /** The Glue job name of {@code job}. */
    public String jobName(DeployedJob job) {
      return jobPrefix + job.name();
    }
  }

  /**
   * EMR Serverless job run settings; see {@link DeployKeys} for each value.
   *
   * @param timeout the batch run timeout, in whole minutes
   * @param maxAttempts attempts of a batch run
   * @param streamingMaxFailedAttemptsPerHour restarts of a failed streaming run per hour
   */
  public record Emr(
      String applicationName,
      String executionRoleArn,
      String logUri,
      Duration timeout,
      int maxAttempts,
      int streamingMaxFailedAttemptsPerHour,
      Map<String, String> sparkConf) {
    public Emr {
      requireNonNull(applicationName, "applicationName is null");
      requireNonNull(executionRoleArn, "executionRoleArn is null");
      requireNonNull(logUri, "logUri is null");
      requireNonNull(timeout, "timeout is null");
      sparkConf = sorted(requireNonNull(sparkConf, "sparkConf is null"));
    }
  }

  /** An immutable copy in key order, so requests and --dry-run output are the same every run. */
  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
