package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.emrserverless.model.CancelJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRunMode;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsRequest;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.RetryPolicy;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * Builds the EMR Serverless API requests of one environment and artifact version. Pure: no AWS
 * calls, so the same requests are sent, printed by {@code --dry-run} and checked in tests. The
 * application itself is Terraform's ({@code infrastructure/modules/emr_serverless}).
 */
public final class EmrRequests {
  /** States of a job run that is still alive: a new streaming run replaces these. */
  public static final List<JobRunState> LIVE_STATES =
      List.of(
          JobRunState.SUBMITTED,
          JobRunState.PENDING,
          JobRunState.SCHEDULED,
          JobRunState.RUNNING,
          JobRunState.CANCELLING);

  private final DeployConfig config;
  private final ArtifactLayout layout;

  public EmrRequests(DeployConfig config, ArtifactLayout layout) {
    this.config = requireNonNull(config, "config is null");
    this.layout = requireNonNull(layout, "layout is null");
  }

  /**
   * StartJobRun of a job: the shaded jar as entry point, {@code --config}/{@code --env} plus {@code
   * extraArguments} as its arguments, {@code --class} and {@code emr.spark-conf.*} as spark-submit
   * parameters, logs to {@code emr.log-uri}. A batch run has a timeout and {@code emr.max-attempts}
   * attempts; the streaming job runs in STREAMING mode, restarted from its checkpoint after a
   * failure up to {@code emr.streaming.max-failed-attempts-per-hour} times an hour.
   */
  public StartJobRunRequest startJobRun(
      String applicationId, DeployedJob job, List<String> extraArguments, String clientToken) {
    requireNonNull(applicationId, "applicationId is null");
    requireNonNull(extraArguments, "extraArguments is null");
    requireNonNull(clientToken, "clientToken is null");
    DeployConfig.Emr emr = config.emr();
    StartJobRunRequest.Builder request =
        StartJobRunRequest.builder()
            .applicationId(applicationId)
            .clientToken(clientToken)
            .name(runName(job))
            .executionRoleArn(emr.executionRoleArn())
            .jobDriver(
                JobDriver.builder()
                    .sparkSubmit(
                        SparkSubmit.builder()
                            .entryPoint(layout.uri(layout.jarKey(job)))
                            .entryPointArguments(entryPointArguments(job, extraArguments))
                            .sparkSubmitParameters(sparkSubmitParameters(job))
                            .build())
                    .build())
            .configurationOverrides(
                ConfigurationOverrides.builder()
                    .monitoringConfiguration(
                        MonitoringConfiguration.builder()
                            .s3MonitoringConfiguration(
                                S3MonitoringConfiguration.builder().logUri(emr.logUri()).build())
                            .build())
                    .build())
            .tags(config.tags());
    if (job.streaming()) {
      request
          .mode(JobRunMode.STREAMING)
          .retryPolicy(
              RetryPolicy.builder()
                  .maxFailedAttemptsPerHour(emr.streamingMaxFailedAttemptsPerHour())
                  .build());
    } else {
      request
          .mode(JobRunMode.BATCH)
          .executionTimeoutMinutes(emr.timeout().toMinutes())
          .retryPolicy(RetryPolicy.builder().maxAttempts(emr.maxAttempts()).build());
    }
    return request.build();
  }

  /** The run name of {@code job}: {@code <env>-<job>}. */
  public String runName(DeployedJob job) {
    return config.environment() + "-" + job.name();
  }

  /** ListJobRuns of the application's live runs: where the running streaming job is found. */
  public ListJobRunsRequest liveRuns(String applicationId) {
    requireNonNull(applicationId, "applicationId is null");
    return ListJobRunsRequest.builder().applicationId(applicationId).states(LIVE_STATES).build();
  }

  /** CancelJobRun of one run. */
  public CancelJobRunRequest cancel(String applicationId, String jobRunId) {
    requireNonNull(applicationId, "applicationId is null");
    requireNonNull(jobRunId, "jobRunId is null");
    return CancelJobRunRequest.builder().applicationId(applicationId).jobRunId(jobRunId).build();
  }

  /**
   * {@code --config s3://.../conf/<job>.yaml --env <env> --runtime emr-serverless}, then the extra
   * arguments.
   */
  public List<String> entryPointArguments(DeployedJob job, List<String> extraArguments) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--config");
    arguments.add(layout.uri(layout.configKey(job)));
    arguments.add("--env");
    arguments.add(config.environment());
    arguments.add("--runtime");
    arguments.add("emr-serverless");
    arguments.addAll(extraArguments);
    return List.copyOf(arguments);
  }

  /** {@code --class <main class>} and one {@code --conf k=v} per {@code emr.spark-conf.*} entry. */
  public String sparkSubmitParameters(DeployedJob job) {
    StringBuilder parameters = new StringBuilder("--class ").append(job.mainClass());
    config
        .emr()
        .sparkConf()
        .forEach(
            (name, value) -> {
              if (name.contains(" ") || value.contains(" ")) {
                throw new DeployException(
                    "Cannot pass emr.spark-conf."
                        + name
                        + ": sparkSubmitParameters are split on spaces, so neither the name nor"
                        + " the value may contain one");
              }
              parameters.append(" --conf ").append(name).append('=').append(value);
            });
    return parameters.toString();
  }

  /** Where EMR Serverless writes the run's driver and executor logs. */
  public String logLocation(String applicationId, String jobRunId) {
    return StoragePaths.child(
        config.emr().logUri(), "applications/" + applicationId + "/jobs/" + jobRunId + "/");
  }
}
