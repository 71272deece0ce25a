package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real Glue SDK client against a local endpoint answering like Glue (JSON 1.1, {@code
 * X-Amz-Target: AWSGlue.<Operation>}): checks every field the tool sends.
 */
class TestGlueDeployer {
  private static final String ARTIFACTS = "s3://example-dev-artifacts/lakeetl/v1/";
  private static final String NOT_FOUND =
      "{\"__type\":\"EntityNotFoundException\",\"Message\":\"Job not found\"}";

  @Test
  void createsMissingBatchJobWithEveryField() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 400, NOT_FOUND)
          .respond("AWSGlue.CreateJob", 200, "{\"Name\":\"lakeetl-dev-raw-to-refined\"}");

      Cli.Result result = deploy(glue, "raw-to-refined");

      assertThat(result.exitCode()).isZero();
      assertThat(result.output())
          .contains("Glue job lakeetl-dev-raw-to-refined created (version v1)");
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob", "AWSGlue.CreateJob");
      RecordingServer.Request getJob = glue.requests("AWSGlue.GetJob").get(0);
      assertThat(getJob.method()).isEqualTo("POST");
      assertThat(getJob.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
      assertThat(getJob.header("Authorization"))
          .contains("Credential=test-access/")
          .contains("/eu-west-1/glue/aws4_request");
      assertThat(getJob.json().get("JobName").asText()).isEqualTo("lakeetl-dev-raw-to-refined");

      JsonNode create = glue.requests("AWSGlue.CreateJob").get(0).json();
      assertThat(create.get("Name").asText()).isEqualTo("lakeetl-dev-raw-to-refined");
      assertThat(create.get("Role").asText())
          .isEqualTo("arn:aws:iam::123456789012:role/lakeetl-dev-glue");
      assertThat(create.get("GlueVersion").asText()).isEqualTo("5.0");
      assertThat(create.get("WorkerType").asText()).isEqualTo("G.1X");
      assertThat(create.get("NumberOfWorkers").asInt()).isEqualTo(2);
      assertThat(create.get("Timeout").asInt()).isEqualTo(120);
      assertThat(create.get("MaxRetries").asInt()).isZero();
      assertThat(create.get("ExecutionProperty").get("MaxConcurrentRuns").asInt()).isEqualTo(1);
      assertThat(create.get("Command").get("Name").asText()).isEqualTo("glueetl");
      assertThat(create.get("Command").get("ScriptLocation").asText())
          .isEqualTo(ARTIFACTS + "glue/raw-to-refined.scala");
      JsonNode arguments = create.get("DefaultArguments");
      assertThat(arguments.get("--job-language").asText()).isEqualTo("scala");
      assertThat(arguments.get("--class").asText()).isEqualTo("LakeetlGlueEntry");
      assertThat(arguments.get("--extra-jars").asText())
          .isEqualTo(ARTIFACTS + "jars/raw-to-refined.jar");
      assertThat(arguments.get("--config").asText())
          .isEqualTo(ARTIFACTS + "conf/flights-raw-to-refined.yaml");
      assertThat(arguments.get("--env").asText()).isEqualTo("dev");
      assertThat(arguments.get("--runtime").asText()).isEqualTo("glue");
      assertThat(arguments.get("--TempDir").asText()).isEqualTo("s3://example-dev-temp/glue/");
      assertThat(arguments.get("--job-bookmark-option").asText()).isEqualTo("job-bookmark-disable");
      assertThat(arguments.get("--enable-continuous-cloudwatch-log").asText()).isEqualTo("true");
      assertThat(arguments.get("--continuous-log-logGroup").asText())
          .isEqualTo("/aws-glue/lakeetl-dev");
      assertThat(create.get("Tags").get("environment").asText()).isEqualTo("dev");
    }
  }

  @Test
  void updatesExistingStreamingJobAsGlueStreamingWithoutTimeout() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 200, "{\"Job\":{\"Name\":\"lakeetl-dev-streaming\"}}")
          .respond("AWSGlue.UpdateJob", 200, "{\"JobName\":\"lakeetl-dev-streaming\"}");

      Cli.Result result = deploy(glue, "streaming");

      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).contains("Glue job lakeetl-dev-streaming updated");
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob", "AWSGlue.UpdateJob");
      JsonNode update = glue.requests("AWSGlue.UpdateJob").get(0).json();
      assertThat(update.get("JobName").asText()).isEqualTo("lakeetl-dev-streaming");
      JsonNode job = update.get("JobUpdate");
      assertThat(job.get("Command").get("Name").asText()).isEqualTo("gluestreaming");
      assertThat(job.has("Timeout")).isFalse();
      assertThat(job.get("DefaultArguments").get("--class").asText()).isEqualTo("LakeetlGlueEntry");
      assertThat(job.get("DefaultArguments").get("--config").asText())
          .isEqualTo(ARTIFACTS + "conf/flights-streaming.yaml");
    }
  }

  @Test
  void runWaitsUntilFailedAndReportsGluesErrorMessage() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.StartJobRun", 200, "{\"JobRunId\":\"jr_0123abc\"}")
          .respond("AWSGlue.GetJobRun", 200, jobRun("STARTING", null))
          .respond("AWSGlue.GetJobRun", 200, jobRun("RUNNING", null))
          .respond("AWSGlue.GetJobRun", 200, jobRun("RUNNING", null))
          .respond(
              "AWSGlue.GetJobRun",
              200,
              jobRun("FAILED", "Cannot read source.path s3://example-dev-raw/flights: not found"));

      Cli.Result result =
          Cli.run(
              "glue",
              "run",
              "raw-to-refined",
              "--env",
              "dev",
              "--region",
              "eu-west-1",
              "--endpoint",
              glue.endpoint().toString(),
              "--",
              "--run-date",
              "2024-05-01");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(result.output())
          .contains(
              "Glue job lakeetl-dev-raw-to-refined run jr_0123abc: FAILED: Cannot read source.path"
                  + " s3://example-dev-raw/flights: not found")
          .contains("/aws-glue/lakeetl-dev");
      JsonNode start = glue.requests("AWSGlue.StartJobRun").get(0).json();
      assertThat(start.get("JobName").asText()).isEqualTo("lakeetl-dev-raw-to-refined");
      assertThat(start.get("Arguments").get("--run-date").asText()).isEqualTo("2024-05-01");
      List<RecordingServer.Request> polls = glue.requests("AWSGlue.GetJobRun");
      assertThat(polls).hasSize(4);
      assertThat(polls.get(3).json().get("RunId").asText()).isEqualTo("jr_0123abc");
      assertThat(polls.get(3).json().get("JobName").asText())
          .isEqualTo("lakeetl-dev-raw-to-refined");
    }
  }

  @Test
  void runSucceeds() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.StartJobRun", 200, "{\"JobRunId\":\"jr_9\"}")
          .respond("AWSGlue.GetJobRun", 200, jobRun("RUNNING", null))
          .respond("AWSGlue.GetJobRun", 200, jobRun("SUCCEEDED", null));

      Cli.Result result =
          Cli.run(
              "glue",
              "run",
              "refined-to-curated",
              "--env",
              "qa",
              "--region",
              "eu-west-1",
              "--endpoint",
              glue.endpoint().toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.output())
          .contains("Glue job lakeetl-qa-refined-to-curated run jr_9: SUCCEEDED");
    }
  }

  @Test
  void awsErrorFailsWithItsMessage() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond(
          "AWSGlue.GetJob",
          400,
          "{\"__type\":\"AccessDeniedException\",\"Message\":\"User is not authorized to perform glue:GetJob\"}");

      Cli.Result result = deploy(glue, "raw-to-refined");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob");
    }
  }

  private static Cli.Result deploy(RecordingServer glue, String job) {
    return Cli.run(
        "glue",
        "deploy",
        "--env",
        "dev",
        "--job",
        job,
        "--region",
        "eu-west-1",
        "--endpoint",
        glue.endpoint().toString());
  }

  /** A GetJobRun response as the Glue API reference documents it. */
  private static String jobRun(String state, String error) {
    return "{\"JobRun\":{\"Id\":\"jr_0123abc\",\"Attempt\":0,\"JobName\":\"lakeetl-dev-raw-to-refined\","
        + "\"StartedOn\":1714521600.0,\"JobRunState\":\""
        + state
        + "\",\"GlueVersion\":\"5.0\",\"LogGroupName\":\"/aws-glue/lakeetl-dev\""
        + (error == null ? "" : ",\"ErrorMessage\":\"" + error + "\"")
        + "}}";
  }
}
