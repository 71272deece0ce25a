package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Glue SDK client against a local endpoint answering like Glue (JSON 1.1, {@code
 * X-Amz-Target: AWSGlue.<Operation>}): checks every field the tool sends. Terraform creates the
 * jobs; a deploy only points them at a version.
 */
class GlueDeployerTest {
  private static final String ARTIFACTS = "s3://example-dev-artifacts/lakeetl/v1/";
  private static final String NOT_FOUND =
      "{\"__type\":\"EntityNotFoundException\",\"Message\":\"Job not found\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A job as Terraform creates it and GetJob returns it, with every member the API documents. */
  private static final String TERRAFORM_JOB =
      """
      {"Name":"lakeetl-dev-raw-to-refined","JobMode":"SCRIPT","JobRunQueuingEnabled":false,
       "Description":"lakeetl raw-to-refined (v0)","Role":"arn:aws:iam::123456789012:role/lakeetl-dev-glue",
       "CreatedOn":1714521600.0,"LastModifiedOn":1714521700.0,
       "ExecutionProperty":{"MaxConcurrentRuns":1},
       "Command":{"Name":"glueetl","ScriptLocation":"s3://example-dev-artifacts/lakeetl/v0/glue/raw-to-refined.scala","Runtime":"Scala"},
       "DefaultArguments":{"--job-language":"scala","--class":"LakeetlGlueEntry",
         "--extra-jars":"s3://example-dev-artifacts/lakeetl/v0/jars/raw-to-refined.jar",
         "--config":"s3://example-dev-artifacts/lakeetl/v0/conf/flights-raw-to-refined.yaml",
         "--env":"dev","--runtime":"glue","--TempDir":"s3://example-dev-temp/glue/",
         "--job-bookmark-option":"job-bookmark-enable","--custom-logGroup-prefix":"/aws-glue/lakeetl-dev"},
       "NonOverridableArguments":{"--runtime":"glue"},
       "Connections":{"Connections":["lakeetl-dev-network"]},
       "MaxRetries":1,"AllocatedCapacity":4,"Timeout":120,"MaxCapacity":4.0,
       "WorkerType":"G.1X","NumberOfWorkers":4,"SecurityConfiguration":"lakeetl-dev",
       "NotificationProperty":{"NotifyDelayAfter":15},"GlueVersion":"5.0","ExecutionClass":"STANDARD",
       "MaintenanceWindow":"Sun:03"}
      """;

  @Test
  void deployRefusesAJobTerraformHasNotCreated() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 400, NOT_FOUND);

      Cli.Result result = deploy(glue, "raw-to-refined");

      assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_FAILED);
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob");
      RecordingServer.Request getJob = glue.requests("AWSGlue.GetJob").get(0);
      assertThat(getJob.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
      assertThat(getJob.header("Authorization"))
          .contains("Credential=test-access/")
          .contains("/eu-west-1/glue/aws4_request");
      assertThat(getJob.json().get("JobName").asText()).isEqualTo("lakeetl-dev-raw-to-refined");
    }
  }

  @Test
  void deployChangesTheVersionFieldsAndSendsBackEveryOtherField() throws Exception {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 200, "{\"Job\":" + TERRAFORM_JOB + "}")
          .respond("AWSGlue.UpdateJob", 200, "{\"JobName\":\"lakeetl-dev-raw-to-refined\"}");

      Cli.Result result = deploy(glue, "raw-to-refined");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output())
          .contains("Glue job lakeetl-dev-raw-to-refined updated (version v1)");
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob", "AWSGlue.UpdateJob");
      JsonNode request = glue.requests("AWSGlue.UpdateJob").get(0).json();
      assertThat(request.get("JobName").asText()).isEqualTo("lakeetl-dev-raw-to-refined");
      JsonNode update = request.get("JobUpdate");
      JsonNode returned = JSON.readTree(TERRAFORM_JOB);

      // The version fields.
      assertThat(update.at("/Command/ScriptLocation").asText())
          .isEqualTo(ARTIFACTS + "glue/raw-to-refined.scala");
      assertThat(update.at("/DefaultArguments/--extra-jars").asText())
          .isEqualTo(ARTIFACTS + "jars/raw-to-refined.jar");
      assertThat(update.at("/DefaultArguments/--config").asText())
          .isEqualTo(ARTIFACTS + "conf/flights-raw-to-refined.yaml");
      assertThat(update.get("Description").asText()).isEqualTo("lakeetl raw-to-refined (v1)");
      // Everything else as GetJob returned it; Glue refuses DPUs next to a worker type.
      List<String> sentBack = new ArrayList<>();
      returned.fieldNames().forEachRemaining(sentBack::add);
      sentBack.removeAll(
          List.of(
              "Name",
              "CreatedOn",
              "LastModifiedOn",
              "AllocatedCapacity",
              "MaxCapacity",
              "Description",
              "Command",
              "DefaultArguments"));
      for (String field : sentBack) {
        assertThat(update.get(field)).as(field).isEqualTo(returned.get(field));
      }
      assertThat(update.has("AllocatedCapacity")).isFalse();
      assertThat(update.has("MaxCapacity")).isFalse();
      assertThat(update.at("/Command/Name").asText()).isEqualTo("glueetl");
      assertThat(update.at("/Command/Runtime").asText()).isEqualTo("Scala");
      JsonNode arguments = update.get("DefaultArguments");
      returned
          .get("DefaultArguments")
          .fields()
          .forEachRemaining(
              argument -> {
                if (!List.of("--extra-jars", "--config").contains(argument.getKey())) {
                  assertThat(arguments.get(argument.getKey()))
                      .as(argument.getKey())
                      .isEqualTo(argument.getValue());
                }
              });
      assertThat(arguments.size()).isEqualTo(returned.get("DefaultArguments").size());
    }
  }

  @Test
  void deployRestartsTheRunningStreamingJobOnTheNewVersion() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 200, streamingJob())
          .respond("AWSGlue.UpdateJob", 200, "{\"JobName\":\"lakeetl-dev-streaming\"}")
          .respond(
              "AWSGlue.GetJobRuns",
              200,
              "{\"JobRuns\":["
                  + runOf("jr_old", "RUNNING")
                  + ","
                  + runOf("jr_older", "FAILED")
                  + "]}")
          .respond("AWSGlue.BatchStopJobRun", 200, "{\"SuccessfulSubmissions\":[]}")
          .respond("AWSGlue.GetJobRun", 200, "{\"JobRun\":" + runOf("jr_old", "STOPPING") + "}")
          .respond("AWSGlue.GetJobRun", 200, "{\"JobRun\":" + runOf("jr_old", "STOPPED") + "}")
          .respond("AWSGlue.StartJobRun", 200, "{\"JobRunId\":\"jr_new\"}");

      Cli.Result result = deploy(glue, "streaming");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output())
          .contains(
              "Glue job lakeetl-dev-streaming updated (version v1); stopped run jr_old, started"
                  + " run jr_new");
      assertThat(glue.operations())
          .containsExactly(
              "AWSGlue.GetJob",
              "AWSGlue.UpdateJob",
              "AWSGlue.GetJobRuns",
              "AWSGlue.BatchStopJobRun",
              "AWSGlue.GetJobRun",
              "AWSGlue.GetJobRun",
              "AWSGlue.StartJobRun");
      JsonNode stop = glue.requests("AWSGlue.BatchStopJobRun").get(0).json();
      assertThat(stop.get("JobName").asText()).isEqualTo("lakeetl-dev-streaming");
      assertThat(stop.get("JobRunIds").toString()).isEqualTo("[\"jr_old\"]");
      JsonNode start = glue.requests("AWSGlue.StartJobRun").get(0).json();
      assertThat(start.get("JobName").asText()).isEqualTo("lakeetl-dev-streaming");
      assertThat(start.has("Arguments")).as("the job's defaults: the new version").isFalse();
      JsonNode update = glue.requests("AWSGlue.UpdateJob").get(0).json().get("JobUpdate");
      assertThat(update.at("/Command/Name").asText()).isEqualTo("gluestreaming");
      assertThat(update.at("/DefaultArguments/--config").asText())
          .isEqualTo(ARTIFACTS + "conf/flights-streaming.yaml");
    }
  }

  @Test
  void deployStartsTheStreamingJobWhenNoneRuns() {
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 200, streamingJob())
          .respond("AWSGlue.UpdateJob", 200, "{\"JobName\":\"lakeetl-dev-streaming\"}")
          .respond("AWSGlue.GetJobRuns", 200, "{\"JobRuns\":[" + runOf("jr_1", "STOPPED") + "]}")
          .respond("AWSGlue.StartJobRun", 200, "{\"JobRunId\":\"jr_2\"}");

      Cli.Result result = deploy(glue, "streaming");

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("started run jr_2").doesNotContain("stopped");
      assertThat(glue.operations())
          .containsExactly(
              "AWSGlue.GetJob", "AWSGlue.UpdateJob", "AWSGlue.GetJobRuns", "AWSGlue.StartJobRun");
    }
  }

  @Test
  void deployStartsNoStreamWhereTheEnvironmentHasNone(@TempDir Path settings) throws Exception {
    Path deploy = Cli.repositoryRoot().resolve("deploy");
    Files.createDirectories(settings.resolve("env"));
    Files.copy(deploy.resolve("deploy.yaml"), settings.resolve("deploy.yaml"));
    Files.writeString(
        settings.resolve("env/dev.yaml"),
        Files.readString(deploy.resolve("env/dev.yaml")) + "\nstreaming:\n  runtime: none\n");
    try (RecordingServer glue = RecordingServer.jsonTarget()) {
      glue.respond("AWSGlue.GetJob", 200, streamingJob())
          .respond("AWSGlue.UpdateJob", 200, "{\"JobName\":\"lakeetl-dev-streaming\"}");

      Cli.Result result =
          Cli.run(
              "glue",
              "deploy",
              "--env",
              "dev",
              "--job",
              "streaming",
              "--deploy-config",
              settings.toString(),
              "--region",
              "eu-west-1",
              "--endpoint",
              glue.endpoint().toString());

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).doesNotContain("started run");
      assertThat(glue.operations()).containsExactly("AWSGlue.GetJob", "AWSGlue.UpdateJob");
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
              jobRun(
                  "FAILED",
                  "Cannot read source.path s3://example-dev-raw/flights/2024/05/01: not found"));

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
                  + " s3://example-dev-raw/flights/2024/05/01: not found")
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

  private static String streamingJob() {
    return "{\"Job\":{\"Name\":\"lakeetl-dev-streaming\",\"Role\":\"arn:aws:iam::123456789012:role/lakeetl-dev-glue\","
        + "\"Command\":{\"Name\":\"gluestreaming\",\"ScriptLocation\":\"s3://x/v0/glue/streaming.scala\"},"
        + "\"DefaultArguments\":{\"--class\":\"LakeetlGlueEntry\"},\"GlueVersion\":\"5.0\","
        + "\"WorkerType\":\"G.1X\",\"NumberOfWorkers\":2,\"MaxCapacity\":2.0}}";
  }

  /** A JobRun as the Glue API reference documents it. */
  private static String runOf(String id, String state) {
    return "{\"Id\":\""
        + id
        + "\",\"Attempt\":0,\"JobName\":\"lakeetl-dev-streaming\",\"StartedOn\":1714521600.0,"
        + "\"JobRunState\":\""
        + state
        + "\",\"GlueVersion\":\"5.0\"}";
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
