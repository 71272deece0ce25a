package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emrserverless.model.AutoStartConfig;
import software.amazon.awssdk.services.emrserverless.model.AutoStopConfig;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.CreateApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.InitialCapacityConfig;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRunMode;
import software.amazon.awssdk.services.emrserverless.model.MaximumAllowedResources;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.WorkerResourceConfig;

/**
 * Builds the EMR Serverless API requests of one environment and artifact version. Pure: no AWS
 * calls, so the same requests are sent, printed by {@code --dry-run} and checked in tests.
 */
public final class EmrRequests {
  /** The application type of Spark applications. */
  public static final String APPLICATION_TYPE = "SPARK";

  private final DeployConfig config;
  private final ArtifactLayout layout;

  public EmrRequests(DeployConfig config, ArtifactLayout layout) {
    this.config = requireNonNull(config, "config is null");
    this.layout = requireNonNull(layout, "layout is null");
  }

  /**
   * CreateApplication: a Spark application of the configured EMR 7 release, pre-initialized workers
   * when configured, starting on job submission and stopping when idle.
   */
  public CreateApplicationRequest createApplication(String clientToken) {
    requireNonNull(clientToken, "clientToken is null");
    DeployConfig.Emr emr = config.emr();
    CreateApplicationRequest.Builder request =
        CreateApplicationRequest.builder()
            .name(emr.applicationName())
            .releaseLabel(emr.releaseLabel())
            .type(APPLICATION_TYPE)
            .clientToken(clientToken)
            .maximumCapacity(
                MaximumAllowedResources.builder()
                    .cpu(emr.maximumCpu())
                    .memory(emr.maximumMemory())
                    .build())
            .autoStartConfiguration(AutoStartConfig.builder().enabled(true).build())
            .autoStopConfiguration(
                AutoStopConfig.builder()
                    .enabled(true)
                    .idleTimeoutMinutes(emr.idleTimeoutMinutes())
                    .build())
            .tags(config.tags());
    Map<String, InitialCapacityConfig> initialCapacity = new LinkedHashMap<>();
    if (emr.driverCount() > 0) {
      initialCapacity.put("DRIVER", capacity(emr.driverCount()));
    }
    if (emr.executorCount() > 0) {
      initialCapacity.put("EXECUTOR", capacity(emr.executorCount()));
    }
    if (!initialCapacity.isEmpty()) {
      request.initialCapacity(initialCapacity);
    }
    return request.build();
  }

  /**
   * StartJobRun of a batch job: the shaded jar as entry point, {@code --config}/{@code --env} plus
   * {@code extraArguments} as its arguments, {@code --class} and {@code emr.spark-conf.*} as
   * spark-submit parameters, logs to {@code emr.log-uri}.
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
            .name(config.environment() + "-" + job.name())
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
      request.mode(JobRunMode.STREAMING);
    } else {
      request.mode(JobRunMode.BATCH).executionTimeoutMinutes((long) emr.timeoutMinutes());
    }
    return request.build();
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
    String base = config.emr().logUri();
    return (base.endsWith("/") ? base : base + "/")
        + "applications/"
        + applicationId
        + "/jobs/"
        + jobRunId
        + "/";
  }

  private InitialCapacityConfig capacity(int workers) {
    return InitialCapacityConfig.builder()
        .workerCount((long) workers)
        .workerConfiguration(
            WorkerResourceConfig.builder()
                .cpu(config.emr().workerCpu())
                .memory(config.emr().workerMemory())
                .build())
        .build();
  }
}
