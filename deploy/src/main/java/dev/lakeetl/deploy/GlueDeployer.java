package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetJobRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/** Creates or updates the Glue jobs and runs them. */
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

  private final GlueClient client;
  private final GlueRequests requests;
  private final RunWaiter waiter;

  public GlueDeployer(GlueClient client, GlueRequests requests, RunWaiter waiter) {
    this.client = requireNonNull(client, "client is null");
    this.requests = requireNonNull(requests, "requests is null");
    this.waiter = requireNonNull(waiter, "waiter is null");
  }

  /**
   * Creates the Glue job of {@code job}, or updates it to this version when it exists.
   *
   * @return {@code created} or {@code updated}
   */
  public String deploy(DeployedJob job) {
    String name = requests.jobName(job);
    if (exists(name)) {
      client.updateJob(requests.updateJob(job));
      LOG.info("Updated Glue job {} ({})", name, job.mainClass());
      return "updated";
    }
    client.createJob(requests.createJob(job));
    LOG.info("Created Glue job {} ({})", name, job.mainClass());
    return "created";
  }

  /**
   * Starts a run and, when {@code wait} is set, polls until it ends.
   *
   * @param arguments run arguments with their dashes, on top of the job's default arguments
   */
  public RunOutcome run(DeployedJob job, Map<String, String> arguments, boolean wait) {
    String name = requests.jobName(job);
    String runId = client.startJobRun(requests.startJobRun(job, arguments)).jobRunId();
    LOG.info("Started Glue job {}: run {}", name, runId);
    if (!wait) {
      return new RunOutcome(runId, "STARTED", true, Optional.empty(), logs(name, runId, null));
    }
    JobRun last =
        waiter.await(
            "Glue job " + name + " run " + runId,
            () ->
                client
                    .getJobRun(GetJobRunRequest.builder().jobName(name).runId(runId).build())
                    .jobRun(),
            run -> run.jobRunStateAsString(),
            run -> FINAL_STATES.contains(run.jobRunState()));
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

  private boolean exists(String name) {
    try {
      client.getJob(GetJobRequest.builder().jobName(name).build());
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    }
  }

  /** CloudWatch: the continuous-logging group (default /aws-glue/jobs) with the run id stream. */
  private static String logs(String jobName, String runId, String logGroup) {
    String group = logGroup == null || logGroup.isBlank() ? "/aws-glue/jobs" : logGroup;
    return "CloudWatch log group " + group + ", streams " + runId + "* (job " + jobName + ")";
  }
}
