package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetJobRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * Points the Terraform-created Glue jobs at an artifact version, restarts the streaming job on it,
 * and runs jobs.
 */
public final class GlueDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(GlueDeployer.class);
  private static final Set<JobRunState> FINAL_STATES =
      Set.of(
          JobRunState.SUCCEEDED,
          JobRunState.FAILED,
          JobRunState.ERROR,
          JobRunState.TIMEOUT,
          JobRunState.STOPPED,
          JobRunState.EXPIRED);

  /** States of a run that is still alive (STOPPING: asked to stop, not stopped yet). */
  static final Set<JobRunState> LIVE_STATES =
      Set.of(JobRunState.STARTING, JobRunState.RUNNING, JobRunState.WAITING, JobRunState.STOPPING);

  private final GlueClient client;
  private final GlueRequests requests;
  private final RunWaiter waiter;

  public GlueDeployer(GlueClient client, GlueRequests requests, RunWaiter waiter) {
    this.client = requireNonNull(client, "client is null");
    this.requests = requireNonNull(requests, "requests is null");
    this.waiter = requireNonNull(waiter, "waiter is null");
  }

  /**
   * Points the Glue job of {@code job} at this version (GetJob, then UpdateJob changing only the
   * version fields).
   *
   * @throws DeployException when the job does not exist: Terraform creates it
   */
  public void deploy(DeployedJob job, String environment) {
    String name = requests.jobName(job);
    Job current;
    try {
      current = client.getJob(GetJobRequest.builder().jobName(name).build()).job();
    } catch (EntityNotFoundException e) {
      throw new DeployException(
          "Cannot deploy "
              + job.name()
              + ": the Glue job "
              + name
              + " does not exist; Terraform creates it (terraform apply in"
              + " infrastructure/environments/"
              + environment
              + ")");
    }
    client.updateJob(requests.updateJob(job, current));
    LOG.info("Updated Glue job {}: {}", name, requests.scriptLocation(job));
  }

  /**
   * Stops the live runs of the streaming job (BatchStopJobRun), waits until each has ended, and
   * starts a run on the job's current definition: the way a new version of a long-running job takes
   * effect. Its checkpoint makes the new run continue where the stopped one ended.
   *
   * @return the stopped run ids (empty when none was running) and the new run's id
   */
  public Restart restart(DeployedJob job) {
    String name = requests.jobName(job);
    List<String> live = new ArrayList<>();
    List<String> toStop = new ArrayList<>();
    for (JobRun run : client.getJobRunsPaginator(requests.jobRuns(job)).jobRuns()) {
      if (LIVE_STATES.contains(run.jobRunState())) {
        live.add(run.id());
        if (run.jobRunState() != JobRunState.STOPPING) {
          toStop.add(run.id());
        }
      }
    }
    if (!toStop.isEmpty()) {
      client.batchStopJobRun(requests.stopRuns(job, toStop));
      LOG.info("Stopping Glue job {} runs {}", name, toStop);
    }
    for (String runId : live) {
      awaitEnd(name, runId);
    }
    String started = client.startJobRun(requests.startJobRun(job, Map.of())).jobRunId();
    LOG.info("Started Glue job {}: run {}", name, started);
    return new Restart(live, started);
  }

  /** What {@link #restart} did. */
  public record Restart(List<String> stoppedRunIds, String startedRunId) {
    public Restart {
      stoppedRunIds = List.copyOf(requireNonNull(stoppedRunIds, "stoppedRunIds is null"));
      requireNonNull(startedRunId, "startedRunId is null");
    }
  }

  /**
   * Starts a run and, with {@link RunWait#UNTIL_END}, polls until it ends.
   *
   * @param arguments run arguments with their dashes, on top of the job's default arguments
   */
  public RunOutcome run(DeployedJob job, Map<String, String> arguments, RunWait wait) {
    String name = requests.jobName(job);
    String runId = client.startJobRun(requests.startJobRun(job, arguments)).jobRunId();
    LOG.info("Started Glue job {}: run {}", name, runId);
    if (wait == RunWait.NONE) {
      return RunOutcome.started(runId, "STARTED", logs(name, runId, null));
    }
    JobRun last = awaitEnd(name, runId);
    boolean succeeded = last.jobRunState() == JobRunState.SUCCEEDED;
    Optional<String> error =
        Optional.ofNullable(last.errorMessage()).filter(message -> !message.isBlank());
    return new RunOutcome(
        runId,
        last.jobRunStateAsString(),
        succeeded,
        error,
        logs(name, runId, last.logGroupName()));
  }

  /** Polls the run until it reaches a final state; returns its last state. */
  private JobRun awaitEnd(String name, String runId) {
    return waiter.await(
        "Glue job " + name + " run " + runId,
        () -> jobRun(name, runId),
        JobRun::jobRunStateAsString,
        run -> FINAL_STATES.contains(run.jobRunState()));
  }

  private JobRun jobRun(String name, String runId) {
    return client.getJobRun(GetJobRunRequest.builder().jobName(name).runId(runId).build()).jobRun();
  }

  /**
   * Where Glue 5 logs a run: {@code <group>/error} (driver, executors, Spark) and {@code
   * <group>/output} (stdout, stderr), streams named after the run id; the group is the job's {@code
   * --custom-logGroup-prefix}, or {@code /aws-glue/jobs} without one.
   */
  static String logs(String jobName, String runId, String logGroup) {
    String group = logGroup == null || logGroup.isBlank() ? "/aws-glue/jobs" : logGroup;
    return "CloudWatch log groups "
        + group
        + "/error and "
        + group
        + "/output, streams "
        + runId
        + "* (job "
        + jobName
        + ")";
  }
}
