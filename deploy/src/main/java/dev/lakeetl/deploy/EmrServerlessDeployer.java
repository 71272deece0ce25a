package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ApplicationSummary;
import software.amazon.awssdk.services.emrserverless.model.GetJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsRequest;

/**
 * Runs jobs on the environment's EMR Serverless application, which Terraform creates and keeps
 * configured (release, capacity, network); it starts on job submission and stops when idle.
 */
public final class EmrServerlessDeployer {
  private static final Logger LOG = LoggerFactory.getLogger(EmrServerlessDeployer.class);
  private static final Set<JobRunState> FINAL_STATES =
      Set.of(JobRunState.SUCCESS, JobRunState.FAILED, JobRunState.CANCELLED);

  /** Application states that can run jobs (TERMINATED ones cannot be reused). */
  static final List<ApplicationState> APPLICATION_STATES =
      List.of(
          ApplicationState.CREATING,
          ApplicationState.CREATED,
          ApplicationState.STARTING,
          ApplicationState.STARTED,
          ApplicationState.STOPPING,
          ApplicationState.STOPPED);

  private final EmrServerlessClient client;
  private final EmrRequests requests;
  private final String applicationName;
  private final RunWaiter waiter;
  private final Supplier<String> clientTokens;

  public EmrServerlessDeployer(
      EmrServerlessClient client,
      EmrRequests requests,
      String applicationName,
      RunWaiter waiter,
      Supplier<String> clientTokens) {
    this.client = requireNonNull(client, "client is null");
    this.requests = requireNonNull(requests, "requests is null");
    this.applicationName = requireNonNull(applicationName, "applicationName is null");
    this.waiter = requireNonNull(waiter, "waiter is null");
    this.clientTokens = requireNonNull(clientTokens, "clientTokens is null");
  }

  /** Random client tokens: each call is a new request, a retry of one call reuses its token. */
  public static Supplier<String> randomClientTokens() {
    return () -> UUID.randomUUID().toString();
  }

  /** The id of the live application with the configured name. */
  public String applicationId() {
    return find()
        .map(ApplicationSummary::id)
        .orElseThrow(
            () ->
                new DeployException(
                    "Cannot run on EMR Serverless: no application named '"
                        + applicationName
                        + "' (emr.application-name); Terraform creates it (terraform apply in"
                        + " infrastructure/environments/<env>)"));
  }

  /**
   * Starts a job run and, with {@link RunWait#UNTIL_END}, polls until it ends. A new streaming run
   * first replaces the live one of the same name: it is cancelled and awaited, so two runs never
   * share the checkpoint.
   */
  public RunOutcome run(DeployedJob job, List<String> extraArguments, RunWait wait) {
    String applicationId = applicationId();
    if (job.streaming()) {
      cancelLiveRuns(applicationId, job);
    }
    String runId =
        client
            .startJobRun(
                requests.startJobRun(applicationId, job, extraArguments, clientTokens.get()))
            .jobRunId();
    String logs = requests.logLocation(applicationId, runId);
    LOG.info(
        "Started {} on EMR Serverless application {}: run {}", job.name(), applicationId, runId);
    if (wait == RunWait.NONE) {
      return RunOutcome.started(runId, "SUBMITTED", logs);
    }
    JobRun last = awaitEnd(applicationId, job, runId);
    boolean succeeded = last.state() == JobRunState.SUCCESS;
    Optional<String> error =
        succeeded
            ? Optional.empty()
            : Optional.ofNullable(last.stateDetails()).filter(details -> !details.isBlank());
    return new RunOutcome(runId, last.stateAsString(), succeeded, error, logs);
  }

  private void cancelLiveRuns(String applicationId, DeployedJob job) {
    String name = requests.runName(job);
    List<String> live =
        client.listJobRunsPaginator(requests.liveRuns(applicationId)).jobRuns().stream()
            .filter(run -> name.equals(run.name()))
            .map(JobRunSummary::id)
            .toList();
    for (String runId : live) {
      client.cancelJobRun(requests.cancel(applicationId, runId));
      LOG.info("Cancelling {} run {} on EMR Serverless application {}", name, runId, applicationId);
    }
    for (String runId : live) {
      awaitEnd(applicationId, job, runId);
    }
  }

  /** Polls the run until it reaches a final state; returns its last state. */
  private JobRun awaitEnd(String applicationId, DeployedJob job, String runId) {
    return waiter.await(
        "EMR Serverless " + job.name() + " run " + runId,
        () -> jobRun(applicationId, runId),
        JobRun::stateAsString,
        run -> FINAL_STATES.contains(run.state()));
  }

  private JobRun jobRun(String applicationId, String runId) {
    return client
        .getJobRun(GetJobRunRequest.builder().applicationId(applicationId).jobRunId(runId).build())
        .jobRun();
  }

  private Optional<ApplicationSummary> find() {
    return client
        .listApplicationsPaginator(
            ListApplicationsRequest.builder().states(APPLICATION_STATES).build())
        .applications()
        .stream()
        .filter(application -> applicationName.equals(application.name()))
        .findFirst();
  }
}
