package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobCommand;
import software.amazon.awssdk.services.glue.model.JobUpdate;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.UpdateJobRequest;

/**
 * Builds the Glue API requests of one environment and artifact version. Pure: no AWS calls, so the
 * same requests are sent, printed by {@code --dry-run} and checked in tests.
 *
 * <p>Terraform ({@code infrastructure/modules/glue_jobs}) owns the Glue jobs: role, workers,
 * arguments, connections, logging, schedule. A deploy only points a job at an artifact version: it
 * changes the fields of {@link #TERRAFORM_VERSION_FIELDS} and sends every other field back as
 * GetJob returned it, and Terraform ignores exactly those fields after creating the job.
 */
public final class GlueRequests {
  /** Glue's command name of Spark batch jobs. */
  public static final String BATCH_COMMAND = "glueetl";

  /** Glue's command name of Spark streaming jobs. */
  public static final String STREAMING_COMMAND = "gluestreaming";

  /** The default argument naming the job's shaded jar. */
  public static final String EXTRA_JARS = "--extra-jars";

  /** The default argument naming the job's config file. */
  public static final String CONFIG = "--config";

  /**
   * The fields a deploy changes, as the Terraform attribute paths of {@code aws_glue_job}: the
   * {@code lifecycle.ignore_changes} of the Glue jobs must list exactly these.
   */
  public static final List<String> TERRAFORM_VERSION_FIELDS =
      List.of(
          "command[0].script_location",
          "default_arguments[\"" + EXTRA_JARS + "\"]",
          "default_arguments[\"" + CONFIG + "\"]",
          "description");

  /**
   * JobUpdate members not sent back as GetJob returned them: Glue refuses a capacity in DPUs next
   * to a worker type and count (GetJob returns both), and the version fields are set by the deploy.
   */
  private static final Set<String> CAPACITY_MEMBERS = Set.of("AllocatedCapacity", "MaxCapacity");

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

  /** The script location of this version: the job's Glue entry script. */
  public String scriptLocation(DeployedJob job) {
    return layout.uri(layout.glueScriptKey(job));
  }

  /** The default arguments that name this version's artifacts: the jar and the job config. */
  public Map<String, String> versionArguments(DeployedJob job) {
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put(EXTRA_JARS, layout.uri(layout.jarKey(job)));
    arguments.put(CONFIG, layout.uri(layout.configKey(job)));
    return arguments;
  }

  /** The job description, naming the version it runs (Terraform writes the same at creation). */
  public String description(DeployedJob job) {
    return "lakeetl " + job.name() + " (" + layout.version() + ")";
  }

  /**
   * UpdateJob pointing {@code job} at this version: {@code current}, the job as GetJob returned it,
   * with the script location, the {@link #versionArguments} and the description of this version.
   * Every other member of the job (role, workers, connections, security configuration, arguments,
   * maintenance window...) is sent back unchanged, since UpdateJob replaces the whole definition.
   */
  public UpdateJobRequest updateJob(DeployedJob job, Job current) {
    requireNonNull(job, "job is null");
    requireNonNull(current, "current is null");
    JobUpdate.Builder update = JobUpdate.builder();
    Map<String, SdkField<?>> returned = new HashMap<>();
    current.sdkFields().forEach(field -> returned.put(field.memberName(), field));
    boolean sizedByWorkers = current.workerType() != null;
    for (SdkField<?> field : update.sdkFields()) {
      SdkField<?> source = returned.get(field.memberName());
      if (source == null || (sizedByWorkers && CAPACITY_MEMBERS.contains(field.memberName()))) {
        continue;
      }
      field.set(update, source.getValueOrDefault(current));
    }
    Map<String, String> arguments = new TreeMap<>(current.defaultArguments());
    arguments.putAll(versionArguments(job));
    JobCommand command =
        current.command() == null
            ? JobCommand.builder().name(job.streaming() ? STREAMING_COMMAND : BATCH_COMMAND).build()
            : current.command();
    update
        .description(description(job))
        .defaultArguments(arguments)
        .command(command.toBuilder().scriptLocation(scriptLocation(job)).build());
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
    StartJobRunRequest.Builder request = StartJobRunRequest.builder().jobName(jobName(job));
    if (!arguments.isEmpty()) {
      request.arguments(new TreeMap<>(arguments));
    }
    return request.build();
  }

  /** GetJobRuns of {@code job}, newest first: where a deploy looks for a live streaming run. */
  public GetJobRunsRequest jobRuns(DeployedJob job) {
    return GetJobRunsRequest.builder().jobName(jobName(job)).build();
  }

  /** BatchStopJobRun of the given runs of {@code job}. */
  public BatchStopJobRunRequest stopRuns(DeployedJob job, List<String> runIds) {
    requireNonNull(runIds, "runIds is null");
    return BatchStopJobRunRequest.builder().jobName(jobName(job)).jobRunIds(runIds).build();
  }
}
