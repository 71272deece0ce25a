package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.deploy.DeployKeys.StreamingRuntime;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.ListApplicationsRequest;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetJobRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobCommand;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code etl-deploy}: uploads the artifacts and deploys and runs the jobs on AWS Glue and EMR
 * Serverless (see {@link CommandLine#USAGE}). Results go to standard output (with {@code
 * --dry-run}: the API requests as one JSON array), progress to the log on standard error.
 *
 * <p>Exit codes: {@value #EXIT_SUCCEEDED} done, {@value #EXIT_FAILED} an AWS call or the job run
 * failed, {@value #EXIT_INVALID_USAGE} invalid arguments or deployment settings.
 */
public final class DeployCli {
  public static final int EXIT_SUCCEEDED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID_USAGE = 2;

  private static final Logger LOG = LoggerFactory.getLogger(DeployCli.class);
  private static final String DRY_RUN_APPLICATION_ID = "<id of application %s>";
  private static final String DRY_RUN_TOKEN = "<random UUID>";

  private final CommandLine line;
  private final DeployConfig config;
  private final ArtifactLayout layout;
  private final AwsClients clients;
  private final PrintStream out;
  private final RunWaiter waiter;

  private DeployCli(
      CommandLine line,
      DeployConfig config,
      AwsClients clients,
      PrintStream out,
      RunWaiter waiter) {
    this.line = line;
    this.config = config;
    this.clients = clients;
    this.out = out;
    this.waiter = waiter;
    String version =
        line.version().orElseGet(() -> GitVersion.currentCommit(line.repositoryRoot()));
    this.layout = ArtifactLayout.of(config, version);
  }

  public static void main(String[] args) {
    int exitCode = execute(args, System.out, DefaultCredentialsProvider.builder().build(), null);
    System.exit(exitCode);
  }

  /**
   * Runs one command; never throws.
   *
   * @param credentials the credentials of AWS calls (the default chain in {@link #main})
   * @param sleeper waits between status polls; null sleeps {@code --poll-interval}
   */
  public static int execute(
      String[] args,
      PrintStream out,
      AwsCredentialsProvider credentials,
      RunWaiter.Sleeper sleeper) {
    requireNonNull(args, "args is null");
    requireNonNull(out, "out is null");
    requireNonNull(credentials, "credentials is null");
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(CommandLine.USAGE);
      return EXIT_SUCCEEDED;
    }
    CommandLine line;
    DeployConfig config;
    try {
      line = CommandLine.parse(args);
      config = DeployConfigLoader.load(line.deployFolder(), line.environment());
    } catch (ConfigException e) {
      LOG.error("{}", e.getMessage());
      return EXIT_INVALID_USAGE;
    }
    AwsClients clients =
        new AwsClients(line.region().or(config::region), line.endpoint(), credentials);
    RunWaiter waiter =
        sleeper == null
            ? RunWaiter.every(line.pollInterval())
            : new RunWaiter(line.pollInterval(), sleeper);
    try {
      return new DeployCli(line, config, clients, out, waiter).run();
    } catch (ConfigException e) {
      LOG.error("{}", e.getMessage());
      return EXIT_INVALID_USAGE;
    } catch (DeployException e) {
      LOG.error("{}", e.getMessage());
      return EXIT_FAILED;
    } catch (SdkException | UncheckedIOException e) {
      LOG.error("Cannot {} in {}: {}", line.command(), line.environment(), e.getMessage());
      return EXIT_FAILED;
    }
  }

  private int run() {
    LOG.info(
        "{} in {}: artifacts s3://{}/{}{}",
        line.command(),
        config.environment(),
        layout.bucket(),
        layout.root(),
        line.dryRun() ? " (dry run: no AWS calls)" : "");
    switch (line.command()) {
      case "package":
        return packagePlan();
      case "upload":
        return upload();
      case "glue deploy":
        return glueDeploy();
      case "glue run":
        return glueRun();
      case "emr run":
        return emrRun();
      default:
        throw new ConfigException("Cannot run etl-deploy: unknown command " + line.command());
    }
  }

  private int packagePlan() {
    for (Artifact artifact : plan()) {
      out.println(layout.uri(artifact.key()) + "  <-  " + artifact.source());
    }
    return EXIT_SUCCEEDED;
  }

  private int upload() {
    List<Artifact> artifacts = plan();
    if (line.dryRun()) {
      List<ObjectNode> requests = new ArrayList<>();
      for (Artifact artifact : artifacts) {
        requests.add(
            RequestJson.describe(
                "s3",
                "PutObject",
                "body: " + artifact.source(),
                ArtifactUploader.request(layout.bucket(), artifact)));
      }
      out.println(RequestJson.render(requests));
      return EXIT_SUCCEEDED;
    }
    try (S3Client s3 = clients.s3()) {
      new ArtifactUploader(s3, layout.bucket()).upload(artifacts);
    }
    out.println("Uploaded " + artifacts.size() + " artifacts to " + layout.uri(layout.root()));
    return EXIT_SUCCEEDED;
  }

  private List<Artifact> plan() {
    return ArtifactPlan.of(line.repositoryRoot(), layout, line.selectedJobs());
  }

  private int glueDeploy() {
    GlueRequests requests = new GlueRequests(config, layout);
    boolean restartStreaming = config.streamingRuntime() == StreamingRuntime.GLUE;
    if (line.dryRun()) {
      out.println(RequestJson.render(dryRunOfGlueDeploy(requests, restartStreaming)));
      return EXIT_SUCCEEDED;
    }
    try (GlueClient glue = clients.glue()) {
      GlueDeployer deployer = new GlueDeployer(glue, requests, waiter);
      for (DeployedJob job : line.selectedJobs()) {
        deployer.deploy(job, config.environment());
        String deployed =
            "Glue job " + requests.jobName(job) + " updated (version " + layout.version() + ")";
        if (job.streaming() && restartStreaming) {
          GlueDeployer.Restart restart = deployer.restart(job);
          deployed +=
              restart.stoppedRunIds().isEmpty()
                  ? "; started run " + restart.startedRunId()
                  : "; stopped run "
                      + String.join(", ", restart.stoppedRunIds())
                      + ", started run "
                      + restart.startedRunId();
        }
        out.println(deployed);
      }
    }
    return EXIT_SUCCEEDED;
  }

  private List<ObjectNode> dryRunOfGlueDeploy(GlueRequests requests, boolean restartStreaming) {
    List<ObjectNode> described = new ArrayList<>();
    for (DeployedJob job : line.selectedJobs()) {
      String name = requests.jobName(job);
      described.add(
          RequestJson.describe(
              "glue", "GetJob", "", GetJobRequest.builder().jobName(name).build()));
      // The job as GetJob returns it, with only the version fields changed.
      Job returned =
          Job.builder()
              .name(name)
              .command(
                  JobCommand.builder()
                      .name(
                          job.streaming()
                              ? GlueRequests.STREAMING_COMMAND
                              : GlueRequests.BATCH_COMMAND)
                      .build())
              .build();
      ObjectNode update =
          RequestJson.describe(
              "glue",
              "UpdateJob",
              "every other member of JobUpdate as GetJob returned it (Terraform's definition)",
              requests.updateJob(job, returned));
      described.add(update);
      if (job.streaming() && restartStreaming) {
        described.add(RequestJson.describe("glue", "GetJobRuns", "", requests.jobRuns(job)));
        described.add(
            RequestJson.describe(
                "glue",
                "BatchStopJobRun",
                "a run is STARTING, RUNNING or WAITING; then GetJobRun until each has ended",
                requests.stopRuns(job, List.of("<JobRunId>"))));
        described.add(
            RequestJson.describe("glue", "StartJobRun", "", requests.startJobRun(job, Map.of())));
      }
    }
    return described;
  }

  private int glueRun() {
    DeployedJob job = line.jobs().get(0);
    requireStreamingRuntime(job, StreamingRuntime.GLUE);
    GlueRequests requests = new GlueRequests(config, layout);
    Map<String, String> arguments = line.glueArguments();
    if (line.dryRun()) {
      String name = requests.jobName(job);
      out.println(
          RequestJson.render(
              List.of(
                  RequestJson.describe(
                      "glue", "StartJobRun", "", requests.startJobRun(job, arguments)),
                  RequestJson.describe(
                      "glue",
                      "GetJobRun",
                      "every --poll-interval until the run ends",
                      GetJobRunRequest.builder().jobName(name).runId("<JobRunId>").build()))));
      return EXIT_SUCCEEDED;
    }
    try (GlueClient glue = clients.glue()) {
      RunOutcome outcome =
          new GlueDeployer(glue, requests, waiter).run(job, arguments, line.runWait());
      return report("Glue job " + requests.jobName(job), outcome);
    }
  }

  private int emrRun() {
    DeployedJob job = line.jobs().get(0);
    requireStreamingRuntime(job, StreamingRuntime.EMR_SERVERLESS);
    EmrRequests requests = new EmrRequests(config, layout);
    if (line.dryRun()) {
      String id = String.format(DRY_RUN_APPLICATION_ID, config.emr().applicationName());
      List<ObjectNode> described = new ArrayList<>();
      described.add(
          RequestJson.describe(
              "emr-serverless",
              "ListApplications",
              "",
              ListApplicationsRequest.builder()
                  .states(EmrServerlessDeployer.APPLICATION_STATES)
                  .build()));
      if (job.streaming()) {
        described.add(
            RequestJson.describe("emr-serverless", "ListJobRuns", "", requests.liveRuns(id)));
        described.add(
            RequestJson.describe(
                "emr-serverless",
                "CancelJobRun",
                "a live run is named " + requests.runName(job) + "; then GetJobRun until it ended",
                requests.cancel(id, "<jobRunId>")));
      }
      described.add(
          RequestJson.describe(
              "emr-serverless",
              "StartJobRun",
              "",
              requests.startJobRun(id, job, line.jobArguments(), DRY_RUN_TOKEN)));
      out.println(RequestJson.render(described));
      return EXIT_SUCCEEDED;
    }
    try (EmrServerlessClient emr = clients.emrServerless()) {
      RunOutcome outcome = deployer(emr, requests).run(job, line.jobArguments(), line.runWait());
      return report("EMR Serverless " + job.name(), outcome);
    }
  }

  /** The streaming job runs on one runtime per environment: two runs would share a checkpoint. */
  private void requireStreamingRuntime(DeployedJob job, StreamingRuntime runtime) {
    if (job.streaming() && config.streamingRuntime() != runtime) {
      throw new ConfigException(
          "Cannot run "
              + job.name()
              + " on "
              + (runtime == StreamingRuntime.GLUE ? "Glue" : "EMR Serverless")
              + " in "
              + config.environment()
              + ": streaming.runtime is "
              + kebab(config.streamingRuntime())
              + " there, and a second run would share the job's checkpoint; set streaming.runtime"
              + " in deploy/env/"
              + config.environment()
              + ".yaml after stopping the other runtime's run");
    }
  }

  private static String kebab(StreamingRuntime runtime) {
    return runtime.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private EmrServerlessDeployer deployer(EmrServerlessClient emr, EmrRequests requests) {
    return new EmrServerlessDeployer(
        emr,
        requests,
        config.emr().applicationName(),
        waiter,
        EmrServerlessDeployer.randomClientTokens());
  }

  private int report(String what, RunOutcome outcome) {
    String line = what + " " + outcome.summary();
    out.println(line);
    if (outcome.succeeded()) {
      LOG.info("{}", line);
      return EXIT_SUCCEEDED;
    }
    LOG.error("{}", line);
    return EXIT_FAILED;
  }
}
