package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real EMR Serverless SDK client against a local endpoint answering like EMR Serverless (REST
 * JSON): checks methods, paths and every field the tool sends. The application is Terraform's: the
 * tool only finds it.
 */
class EmrServerlessDeployerTest {
  private static final String ARTIFACTS = "s3://example-prod-artifacts/lakeetl/v1/";
  private static final String APPLICATIONS = "GET /applications";

  @Test
  void runWaitsUntilFailedAndReportsStateDetailsAndLogs() {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(
              APPLICATIONS,
              200,
              "{\"applications\":[" + application("00fprod", "lakeetl-prod", "STARTED") + "]}")
          .respond(
              "POST /applications/00fprod/jobruns",
              200,
              "{\"applicationId\":\"00fprod\",\"jobRunId\":\"00frun1\","
                  + "\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00fprod/jobruns/00frun1\"}");
      List<String> states = new ArrayList<>(List.of("SUBMITTED", "SCHEDULED", "RUNNING", "FAILED"));
      for (String state : states) {
        emr.respond(
            "GET /applications/00fprod/jobruns/00frun1",
            200,
            jobRun(
                state,
                state.equals("FAILED") ? "Job failed, ExitCode: 1. Cannot reconcile counts" : ""));
      }

      Cli.Result result =
          Cli.run(
              "emr",
              "run",
              "raw-to-refined",
              "--env",
              "prod",
              "--region",
              "eu-west-1",
              "--endpoint",
              emr.endpoint().toString(),
              "--",
              "--run-date",
              "2024-05-01");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(result.output())
          .contains(
              "EMR Serverless raw-to-refined run 00frun1: FAILED: Job failed, ExitCode: 1. Cannot reconcile counts")
          .contains(
              "logs: s3://example-prod-temp/emr-serverless/logs/applications/00fprod/jobs/00frun1/");
      assertThat(emr.requests("GET /applications/00fprod/jobruns/00frun1")).hasSize(4);
      assertThat(emr.operations())
          .as("the application is Terraform's: found, never created or started")
          .containsExactly(
              APPLICATIONS,
              "POST /applications/00fprod/jobruns",
              "GET /applications/00fprod/jobruns/00frun1",
              "GET /applications/00fprod/jobruns/00frun1",
              "GET /applications/00fprod/jobruns/00frun1",
              "GET /applications/00fprod/jobruns/00frun1");
      RecordingServer.Request list = emr.requests(APPLICATIONS).get(0);
      assertThat(list.query())
          .contains("states=STARTED")
          .contains("states=STOPPED")
          .doesNotContain("TERMINATED");
      assertThat(list.header("Authorization")).contains("/eu-west-1/emr-serverless/aws4_request");

      JsonNode start = emr.requests("POST /applications/00fprod/jobruns").get(0).json();
      assertThat(start.has("applicationId")).as("a path parameter, not in the body").isFalse();
      assertThat(start.get("clientToken").asText()).isNotBlank();
      assertThat(start.get("name").asText()).isEqualTo("prod-raw-to-refined");
      assertThat(start.get("executionRoleArn").asText())
          .isEqualTo("arn:aws:iam::123456789012:role/lakeetl-prod-emr-serverless");
      assertThat(start.get("mode").asText()).isEqualTo("BATCH");
      assertThat(start.get("executionTimeoutMinutes").asLong()).isEqualTo(120);
      assertThat(start.get("retryPolicy").get("maxAttempts").asInt()).isEqualTo(1);
      assertThat(start.get("tags").get("environment").asText()).isEqualTo("prod");
      JsonNode submit = start.get("jobDriver").get("sparkSubmit");
      assertThat(submit.get("entryPoint").asText())
          .isEqualTo(ARTIFACTS + "jars/raw-to-refined.jar");
      List<String> arguments = new ArrayList<>();
      submit.get("entryPointArguments").forEach(node -> arguments.add(node.asText()));
      assertThat(arguments)
          .containsExactly(
              "--config",
              ARTIFACTS + "conf/flights-raw-to-refined.yaml",
              "--env",
              "prod",
              "--runtime",
              "emr-serverless",
              "--run-date",
              "2024-05-01");
      assertThat(submit.get("sparkSubmitParameters").asText())
          .isEqualTo(
              "--class dev.lakeetl.jobs.refine.RawToRefinedJob --conf spark.driver.cores=2"
                  + " --conf spark.driver.memory=6g --conf spark.executor.cores=2"
                  + " --conf spark.executor.memory=6g");
      assertThat(
              start
                  .get("configurationOverrides")
                  .get("monitoringConfiguration")
                  .get("s3MonitoringConfiguration")
                  .get("logUri")
                  .asText())
          .isEqualTo("s3://example-prod-temp/emr-serverless/logs/");
    }
  }

  @Test
  void runWithoutApplicationSaysTerraformCreatesIt() {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(APPLICATIONS, 200, "{\"applications\":[]}");

      Cli.Result result = run(emr, "raw-to-refined", "dev");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(emr.operations()).containsExactly(APPLICATIONS);
    }
  }

  @Test
  void streamingIsRefusedWhereItRunsOnGlue() {
    try (RecordingServer emr = RecordingServer.rest()) {
      Cli.Result result = run(emr, "streaming", "dev");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_INVALID_USAGE);
      assertThat(emr.operations()).as("nothing is called").isEmpty();
    }
  }

  @Test
  void streamingRunReplacesTheLiveRunOfTheSameName(@TempDir Path settings) throws IOException {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(
              APPLICATIONS,
              200,
              "{\"applications\":[" + application("00fdev", "lakeetl-dev", "STARTED") + "]}")
          .respond(
              "GET /applications/00fdev/jobruns",
              200,
              "{\"jobRuns\":["
                  + jobRunSummary("00fold", "dev-streaming", "RUNNING")
                  + ","
                  + jobRunSummary("00fother", "dev-raw-to-refined", "RUNNING")
                  + "]}")
          .respond("DELETE /applications/00fdev/jobruns/00fold", 200, "{}")
          .respond(
              "GET /applications/00fdev/jobruns/00fold",
              200,
              jobRun("CANCELLING", "").replace("00fprod", "00fdev").replace("00frun1", "00fold"))
          .respond(
              "GET /applications/00fdev/jobruns/00fold",
              200,
              jobRun("CANCELLED", "").replace("00fprod", "00fdev").replace("00frun1", "00fold"))
          .respond(
              "POST /applications/00fdev/jobruns",
              200,
              "{\"applicationId\":\"00fdev\",\"jobRunId\":\"00fnew\","
                  + "\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00fdev/jobruns/00fnew\"}");

      Cli.Result result =
          Cli.run(
              "emr",
              "run",
              "streaming",
              "--env",
              "dev",
              "--no-wait",
              "--deploy-config",
              withStreamingOnEmr(settings).toString(),
              "--region",
              "eu-west-1",
              "--endpoint",
              emr.endpoint().toString());

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(emr.operations())
          .containsExactly(
              APPLICATIONS,
              "GET /applications/00fdev/jobruns",
              "DELETE /applications/00fdev/jobruns/00fold",
              "GET /applications/00fdev/jobruns/00fold",
              "GET /applications/00fdev/jobruns/00fold",
              "POST /applications/00fdev/jobruns");
      assertThat(emr.requests("GET /applications/00fdev/jobruns").get(0).query())
          .contains("states=RUNNING")
          .doesNotContain("states=SUCCESS");
      JsonNode start = emr.requests("POST /applications/00fdev/jobruns").get(0).json();
      assertThat(start.get("mode").asText()).isEqualTo("STREAMING");
      assertThat(start.has("executionTimeoutMinutes")).isFalse();
      assertThat(start.get("retryPolicy").get("maxFailedAttemptsPerHour").asInt()).isEqualTo(5);
      assertThat(start.get("name").asText()).isEqualTo("dev-streaming");
    }
  }

  /** The repository's deployment settings with streaming.runtime emr-serverless in dev. */
  private static Path withStreamingOnEmr(Path folder) throws IOException {
    Path repository = Cli.repositoryRoot().resolve("deploy");
    Files.createDirectories(folder.resolve("env"));
    Files.copy(repository.resolve("deploy.yaml"), folder.resolve("deploy.yaml"));
    Files.writeString(
        folder.resolve("env/dev.yaml"),
        Files.readString(repository.resolve("env/dev.yaml"))
            + "\nstreaming:\n  runtime: emr-serverless\n");
    return folder;
  }

  private static Cli.Result run(RecordingServer emr, String job, String environment) {
    return Cli.run(
        "emr",
        "run",
        job,
        "--env",
        environment,
        "--region",
        "eu-west-1",
        "--endpoint",
        emr.endpoint().toString());
  }

  /** A JobRunSummary as the EMR Serverless API reference documents it. */
  private static String jobRunSummary(String id, String name, String state) {
    return "{\"applicationId\":\"00fdev\",\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00fdev/jobruns/"
        + id
        + "\",\"createdBy\":\"arn:aws:iam::123456789012:role/deployer\",\"createdAt\":1714521600,"
        + "\"updatedAt\":1714521600,\"executionRole\":\"arn:aws:iam::123456789012:role/r\","
        + "\"state\":\""
        + state
        + "\",\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.5.0\",\"type\":\"Spark\"}";
  }

  /** An ApplicationSummary as the EMR Serverless API reference documents it. */
  private static String application(String id, String name, String state) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/"
        + id
        + "\",\"releaseLabel\":\"emr-7.5.0\",\"type\":\"Spark\",\"state\":\""
        + state
        + "\",\"createdAt\":1714521600,\"updatedAt\":1714521600}";
  }

  /** A GetJobRun response as the EMR Serverless API reference documents it. */
  private static String jobRun(String state, String details) {
    return "{\"jobRun\":{\"applicationId\":\"00fprod\",\"jobRunId\":\"00frun1\",\"name\":\"prod-raw-to-refined\","
        + "\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00fprod/jobruns/00frun1\","
        + "\"createdBy\":\"arn:aws:iam::123456789012:role/deployer\",\"createdAt\":1714521600,"
        + "\"updatedAt\":1714521660,\"executionRole\":\"arn:aws:iam::123456789012:role/lakeetl-prod-emr-serverless\","
        + "\"state\":\""
        + state
        + "\",\"stateDetails\":\""
        + details
        + "\",\"releaseLabel\":\"emr-7.5.0\","
        + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://x/jars/raw-to-refined.jar\"}}}}";
  }
}
