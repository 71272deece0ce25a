package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.glue.model.CreateJobRequest;
import software.amazon.awssdk.services.glue.model.ExecutionProperty;
import software.amazon.awssdk.services.glue.model.JobCommand;
import software.amazon.awssdk.services.glue.model.JobUpdate;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.UpdateJobRequest;

/**
 * Builds the Glue API requests of one environment and artifact version. Pure: no AWS calls, so the
 * same requests are sent, printed by {@code --dry-run} and checked in tests.
 */
public final class GlueRequests {
  /** Glue's command name of Spark batch jobs. */
  public static final String BATCH_COMMAND = "glueetl";

  /** Glue's command name of Spark streaming jobs. */
  public static final String STREAMING_COMMAND = "gluestreaming";

  private final DeployConfig config;
  private final ArtifactLayout layout;

  public GlueRequests(DeployConfig config, ArtifactLayout layout) {
    this.config = requireNonNull(config, "config is null");
    this.layout = requireNonNull(layout, "layout is null");
  }

  /** The job's Glue name. */
  public String jobName(DeployedJob job) {
    return config.glue().jobName(job);
  }

  /** CreateJob for a job that does not exist yet. */
  public CreateJobRequest createJob(DeployedJob job) {
    DeployConfig.Glue glue = config.glue();
    CreateJobRequest.Builder request =
        CreateJobRequest.builder()
            .name(jobName(job))
            .description(description(job))
            .role(glue.roleArn())
            .command(command(job))
            .defaultArguments(defaultArguments(job))
            .glueVersion(glue.version())
            .workerType(glue.workerType())
            .numberOfWorkers(workers(job))
            .maxRetries(glue.maxRetries())
            .executionProperty(ExecutionProperty.builder().maxConcurrentRuns(1).build())
            .tags(config.tags());
    if (!job.streaming()) {
      request.timeout(glue.timeoutMinutes());
    }
    return request.build();
  }

  /** UpdateJob for a job that exists: the same definition as {@link #createJob}. */
  public UpdateJobRequest updateJob(DeployedJob job) {
    DeployConfig.Glue glue = config.glue();
    JobUpdate.Builder update =
        JobUpdate.builder()
            .description(description(job))
            .role(glue.roleArn())
            .command(command(job))
            .defaultArguments(defaultArguments(job))
            .glueVersion(glue.version())
            .workerType(glue.workerType())
            .numberOfWorkers(workers(job))
            .maxRetries(glue.maxRetries())
            .executionProperty(ExecutionProperty.builder().maxConcurrentRuns(1).build());
    if (!job.streaming()) {
      update.timeout(glue.timeoutMinutes());
    }
    return UpdateJobRequest.builder().jobName(jobName(job)).jobUpdate(update.build()).build();
  }

  /**
   * StartJobRun with run arguments on top of the job's defaults, e.g. {@code --run-date
   * 2024-05-01}.
   *
   * @param arguments argument names with their leading dashes
   */
  public StartJobRunRequest startJobRun(DeployedJob job, Map<String, String> arguments) {
    requireNonNull(arguments, "arguments is null");
    return StartJobRunRequest.builder()
        .jobName(jobName(job))
        .arguments(new TreeMap<>(arguments))
        .build();
  }

  /**
   * The default arguments: Glue's own (language, class, jar, temp dir, bookmarks, logging,
   * metrics), the job's ({@code --config}, {@code --env}, {@code --runtime}) and {@code
   * glue.default-arguments.*}.
   */
  public Map<String, String> defaultArguments(DeployedJob job) {
    DeployConfig.Glue glue = config.glue();
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("--job-language", "scala");
    arguments.put("--class", DeployedJob.GLUE_ENTRY_CLASS);
    arguments.put("--extra-jars", layout.uri(layout.jarKey(job)));
    arguments.put("--TempDir", glue.tempDir());
    arguments.put("--job-bookmark-option", glue.jobBookmarkOption());
    arguments.put("--enable-continuous-cloudwatch-log", "true");
    arguments.put("--enable-continuous-log-filter", "true");
    glue.logGroup().ifPresent(group -> arguments.put("--continuous-log-logGroup", group));
    arguments.put("--enable-metrics", "true");
    arguments.put("--enable-spark-ui", "false");
    // Spark's Hive catalog is the Glue Data Catalog: the jobs register their tables through it.
    arguments.put("--enable-glue-datacatalog", "true");
    arguments.put("--config", layout.uri(layout.configKey(job)));
    arguments.put("--env", config.environment());
    arguments.put("--runtime", "glue");
    glue.defaultArguments().forEach((name, value) -> arguments.put("--" + name, value));
    return arguments;
  }

  private JobCommand command(DeployedJob job) {
    return JobCommand.builder()
        .name(job.streaming() ? STREAMING_COMMAND : BATCH_COMMAND)
        .scriptLocation(layout.uri(layout.glueScriptKey(job)))
        .build();
  }

  private int workers(DeployedJob job) {
    return job.streaming()
        ? config.glue().streamingNumberOfWorkers()
        : config.glue().numberOfWorkers();
  }

  private String description(DeployedJob job) {
    return "lakeetl " + job.name() + " (" + layout.version() + ")";
  }
}
