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
class TestDryRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLOSED_PORT = "http://127.0.0.1:9";

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void glueDeployDescribesEveryJob(String environment) throws IOException {
    JsonNode requests = dryRun("glue", "deploy", "--env", environment);

    assertThat(requests).hasSize(3 * DeployedJob.ALL.size());
    List<String> created = new ArrayList<>();
    for (JsonNode request : requests) {
      assertThat(request.get("service").asText()).isEqualTo("glue");
      if (request.get("operation").asText().equals("CreateJob")) {
        JsonNode job = request.get("request");
        created.add(job.get("Name").asText());
        assertThat(job.get("Role").asText()).endsWith(":role/lakeetl-" + environment + "-glue");
        assertThat(job.get("GlueVersion").asText()).isEqualTo("5.0");
        assertThat(job.get("NumberOfWorkers").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(job.get("Command").get("ScriptLocation").asText())
            .startsWith("s3://example-" + environment + "-artifacts/lakeetl/v1/glue/");
        JsonNode arguments = job.get("DefaultArguments");
        for (String name :
            List.of(
                "--class",
                "--extra-jars",
                "--config",
                "--env",
                "--TempDir",
                "--job-bookmark-option",
                "--enable-continuous-cloudwatch-log")) {
          assertThat(arguments.hasNonNull(name)).as(name).isTrue();
        }
        assertThat(arguments.get("--env").asText()).isEqualTo(environment);
      }
    }
    assertThat(created)
        .containsExactly(
            "lakeetl-" + environment + "-raw-to-refined",
            "lakeetl-" + environment + "-refined-to-curated",
            "lakeetl-" + environment + "-streaming");
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw-to-refined", "refined-to-curated", "streaming"})
  void emrRunDescribesStartJobRunOfEveryJob(String job) throws IOException {
    for (String environment : List.of("dev", "qa", "staging", "prod")) {
      JsonNode requests =
          dryRun("emr", "run", job, "--env", environment, "--", "--run-date", "2024-05-01");

      assertThat(requests).hasSize(1);
      JsonNode start = requests.get(0).get("request");
      assertThat(requests.get(0).get("operation").asText()).isEqualTo("StartJobRun");
      assertThat(start.get("executionRoleArn").asText())
          .endsWith("role/lakeetl-" + environment + "-emr-serverless");
      JsonNode submit = start.get("jobDriver").get("sparkSubmit");
      assertThat(submit.get("entryPoint").asText())
          .isEqualTo("s3://example-" + environment + "-artifacts/lakeetl/v1/jars/" + job + ".jar");
      assertThat(submit.get("sparkSubmitParameters").asText())
          .startsWith("--class " + DeployedJob.require(job).mainClass());
      assertThat(submit.get("entryPointArguments").toString())
          .contains("\"--env\",\"" + environment + "\"");
      assertThat(start.get("mode").asText())
          .isEqualTo(job.equals("streaming") ? "STREAMING" : "BATCH");
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
  void emrEnsureAppAndGlueRunDescribeTheirRequests(String environment) throws IOException {
    JsonNode application = dryRun("emr", "ensure-app", "--env", environment);
    assertThat(application)
        .extracting(node -> node.get("operation").asText())
        .containsExactly("ListApplications", "CreateApplication", "StartApplication");
    JsonNode create = application.get(1).get("request");
    assertThat(create.get("name").asText()).isEqualTo("lakeetl-" + environment);
    assertThat(create.get("releaseLabel").asText()).startsWith("emr-7.");

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
