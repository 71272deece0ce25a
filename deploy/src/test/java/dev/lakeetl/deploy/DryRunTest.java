package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --dry-run} prints complete requests for every job and environment without calling AWS (no
 * endpoint is reachable: the endpoint points at a closed port).
 */
class DryRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLOSED_PORT = "http://127.0.0.1:9";

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void glueDeployDescribesEveryJob(String environment) throws IOException {
    JsonNode requests = dryRun("glue", "deploy", "--env", environment);

    List<String> operations = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    for (JsonNode request : requests) {
      assertThat(request.get("service").asText()).isEqualTo("glue");
      operations.add(request.get("operation").asText());
      if (request.get("operation").asText().equals("UpdateJob")) {
        JsonNode update = request.get("request");
        updated.add(update.get("JobName").asText());
        JsonNode job = update.get("JobUpdate");
        assertThat(job.get("Command").get("ScriptLocation").asText())
            .startsWith("s3://example-" + environment + "-artifacts/lakeetl/v1/glue/");
        List<String> arguments = new ArrayList<>();
        job.get("DefaultArguments").fieldNames().forEachRemaining(arguments::add);
        assertThat(arguments).containsExactlyInAnyOrder("--extra-jars", "--config");
        assertThat(job.get("Description").asText()).endsWith("(v1)");
        assertThat(job.has("Role")).as("Terraform's, sent back as GetJob returns it").isFalse();
      }
    }
    assertThat(updated)
        .containsExactly(
            "lakeetl-" + environment + "-raw-to-refined",
            "lakeetl-" + environment + "-refined-to-curated",
            "lakeetl-" + environment + "-streaming");
    assertThat(operations)
        .doesNotContain("CreateJob")
        .containsExactly(
            "GetJob",
            "UpdateJob",
            "GetJob",
            "UpdateJob",
            "GetJob",
            "UpdateJob",
            "GetJobRuns",
            "BatchStopJobRun",
            "StartJobRun");
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw-to-refined", "refined-to-curated"})
  void emrRunDescribesStartJobRunOfEveryBatchJob(String job) throws IOException {
    for (String environment : List.of("dev", "qa", "staging", "prod")) {
      JsonNode requests =
          dryRun("emr", "run", job, "--env", environment, "--", "--run-date", "2024-05-01");

      assertThat(requests)
          .extracting(node -> node.get("operation").asText())
          .containsExactly("ListApplications", "StartJobRun");
      JsonNode start = requests.get(1).get("request");
      assertThat(start.get("executionRoleArn").asText())
          .endsWith("role/lakeetl-" + environment + "-emr-serverless");
      JsonNode submit = start.get("jobDriver").get("sparkSubmit");
      assertThat(submit.get("entryPoint").asText())
          .isEqualTo("s3://example-" + environment + "-artifacts/lakeetl/v1/jars/" + job + ".jar");
      assertThat(submit.get("sparkSubmitParameters").asText())
          .startsWith("--class " + DeployedJob.require(job).mainClass());
      assertThat(submit.get("entryPointArguments").toString())
          .contains("\"--env\",\"" + environment + "\"");
      assertThat(start.get("mode").asText()).isEqualTo("BATCH");
      assertThat(
              start
                  .at(
                      "/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration/logUri")
                  .asText())
          .startsWith("s3://example-" + environment + "-temp/");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void streamingRunsOnGlueOnly(String environment) {
    Cli.Result result =
        Cli.run(
            "emr",
            "run",
            "streaming",
            "--env",
            environment,
            "--dry-run",
            "--endpoint",
            CLOSED_PORT);

    assertThat(result.exitCode()).isEqualTo(DeployCli.EXIT_INVALID_USAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void glueRunDescribesItsRequests(String environment) throws IOException {
    JsonNode run =
        dryRun(
            "glue",
            "run",
            "raw-to-refined",
            "--env",
            environment,
            "--",
            "--run-date",
            "2024-05-01");
    assertThat(run.get(0).get("request").get("Arguments").get("--run-date").asText())
        .isEqualTo("2024-05-01");
  }

  private static JsonNode dryRun(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    int separator = all.indexOf("--");
    List<String> extra = List.of("--dry-run", "--endpoint", CLOSED_PORT);
    if (separator < 0) {
      all.addAll(extra);
    } else {
      all.addAll(separator, extra);
    }
    Cli.Result result = Cli.run(all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return JSON.readTree(result.output());
  }
}
