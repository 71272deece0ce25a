package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real EMR Serverless SDK client against a local endpoint answering like EMR Serverless (REST
 * JSON): checks methods, paths and every field the tool sends.
 */
class TestEmrServerlessDeployer {
  private static final String ARTIFACTS = "s3://example-prod-artifacts/lakeetl/v1/";
  private static final String APPLICATIONS = "GET /applications";

  @Test
  void ensureAppCreatesAndStartsMissingApplication() {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(
              APPLICATIONS,
              200,
              "{\"applications\":[" + application("00fothers", "other-app", "STARTED") + "]}")
          .respond(
              "POST /applications",
              200,
              "{\"applicationId\":\"00f1abcd\",\"name\":\"lakeetl-prod\","
                  + "\"arn\":\"arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00f1abcd\"}")
          .respond("POST /applications/00f1abcd/start", 200, "{}");

      Cli.Result result = ensureApp(emr, "prod");

      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).contains("EMR Serverless application lakeetl-prod: 00f1abcd");
      assertThat(emr.operations())
          .containsExactly(APPLICATIONS, "POST /applications", "POST /applications/00f1abcd/start");
      RecordingServer.Request list = emr.requests(APPLICATIONS).get(0);
      assertThat(list.query())
          .contains("states=STARTED")
          .contains("states=STOPPED")
          .doesNotContain("TERMINATED");
      assertThat(list.header("Authorization")).contains("/eu-west-1/emr-serverless/aws4_request");

      JsonNode create = emr.requests("POST /applications").get(0).json();
      assertThat(create.get("name").asText()).isEqualTo("lakeetl-prod");
      assertThat(create.get("releaseLabel").asText()).isEqualTo("emr-7.5.0");
      assertThat(create.get("type").asText()).isEqualTo("SPARK");
      assertThat(create.get("clientToken").asText()).isNotBlank();
      assertThat(create.get("autoStartConfiguration").get("enabled").asBoolean()).isTrue();
      assertThat(create.get("autoStopConfiguration").get("enabled").asBoolean()).isTrue();
      assertThat(create.get("autoStopConfiguration").get("idleTimeoutMinutes").asInt())
          .isEqualTo(15);
      assertThat(create.get("maximumCapacity").get("cpu").asText()).isEqualTo("32 vCPU");
      assertThat(create.get("maximumCapacity").get("memory").asText()).isEqualTo("128 GB");
      JsonNode driver = create.get("initialCapacity").get("DRIVER");
      assertThat(driver.get("workerCount").asLong()).isEqualTo(1);
      assertThat(driver.get("workerConfiguration").get("cpu").asText()).isEqualTo("2 vCPU");
      assertThat(driver.get("workerConfiguration").get("memory").asText()).isEqualTo("8 GB");
      assertThat(create.get("initialCapacity").get("EXECUTOR").get("workerCount").asLong())
          .isEqualTo(4);
      assertThat(create.get("tags").get("environment").asText()).isEqualTo("prod");
    }
  }

  @Test
  void ensureAppLeavesStartedApplicationAlone() {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(
          APPLICATIONS,
          200,
          "{\"applications\":[" + application("00fdev", "lakeetl-dev", "STARTED") + "]}");

      Cli.Result result = ensureApp(emr, "dev");

      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).contains("EMR Serverless application lakeetl-dev: 00fdev");
      assertThat(emr.operations()).containsExactly(APPLICATIONS);
    }
  }

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

      JsonNode start = emr.requests("POST /applications/00fprod/jobruns").get(0).json();
      assertThat(start.has("applicationId")).as("a path parameter, not in the body").isFalse();
      assertThat(start.get("clientToken").asText()).isNotBlank();
      assertThat(start.get("name").asText()).isEqualTo("prod-raw-to-refined");
      assertThat(start.get("executionRoleArn").asText())
          .isEqualTo("arn:aws:iam::123456789012:role/lakeetl-prod-emr-serverless");
      assertThat(start.get("mode").asText()).isEqualTo("BATCH");
      assertThat(start.get("executionTimeoutMinutes").asLong()).isEqualTo(120);
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
  void runWithoutApplicationSaysToEnsureItFirst() {
    try (RecordingServer emr = RecordingServer.rest()) {
      emr.respond(APPLICATIONS, 200, "{\"applications\":[]}");

      Cli.Result result =
          Cli.run(
              "emr",
              "run",
              "streaming",
              "--env",
              "dev",
              "--region",
              "eu-west-1",
              "--endpoint",
              emr.endpoint().toString());

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(emr.operations()).containsExactly(APPLICATIONS);
    }
  }

  private static Cli.Result ensureApp(RecordingServer emr, String environment) {
    return Cli.run(
        "emr",
        "ensure-app",
        "--env",
        environment,
        "--region",
        "eu-west-1",
        "--endpoint",
        emr.endpoint().toString());
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
