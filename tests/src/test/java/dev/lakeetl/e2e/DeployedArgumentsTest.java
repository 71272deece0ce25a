package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.deploy.DeployConfigLoader;
import dev.lakeetl.deploy.DeployedJob;
import dev.lakeetl.deploy.EmrRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * The runtime argument contract, for every environment: the real shaded jars started the way Glue 5
 * and EMR Serverless 7 start them, with the exact arguments the deployed definitions give them (the
 * Glue jobs of the Terraform plan; the StartJobRun requests of the Airflow DAG, rendered for a
 * date, which must be the ones {@code etl-deploy emr run} sends), succeed against stand-ins named
 * after the plan and read the expected days: on Glue what is new since the last run (bookmarks), on
 * EMR Serverless the run date. See {@link DailyChainRuns} for the runs.
 */
class DeployedArgumentsTest {
  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void glueRunsTheDailyChainOnWhatIsNew(String environment) {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of("DeployedArgumentsTest.glueRunsTheDailyChainOnWhatIsNew", environment);
    for (DeployedRuntime.Run run : runs.glueRuns()) {
      assertThat(run.result().exitCode()).as(run.describe()).isZero();
    }

    String raw = "example-" + environment + "-raw/";
    List<DeployedRuntime.Run> refine = runs.glueRefine();
    if (refine.size() == 2) {
      assertThat(read(refine.get(0)))
          .containsExactlyInAnyOrderElementsOf(in(raw, DailyChainRuns.DAY_1));
      assertThat(read(refine.get(1)))
          .as("the second scheduled run reads only the day that arrived since")
          .containsExactlyInAnyOrderElementsOf(in(raw, DailyChainRuns.DAY_2));
    } else {
      List<String> both = new ArrayList<>(in(raw, DailyChainRuns.DAY_1));
      both.addAll(in(raw, DailyChainRuns.DAY_2));
      assertThat(read(refine.get(0))).containsExactlyInAnyOrderElementsOf(both);
    }

    JsonNode curated = DailyChainRuns.report(runs.glueCurate());
    assertThat(curated.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(refinedDaysRead(runs.glueCurate())).containsExactly("day=01", "day=02");
    assertThat(RunReports.partitionsWritten(curated))
        .containsExactly("flight_date=2001-03-01", "flight_date=2001-03-02");
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void emrServerlessRunsTheDailyChainForTheRunDate(String environment) {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of(
            "DeployedArgumentsTest.emrServerlessRunsTheDailyChainForTheRunDate", environment);
    for (DeployedRuntime.Run run : runs.emrRuns()) {
      assertThat(run.result().exitCode()).as(run.describe()).isZero();
    }

    assertThat(read(runs.emrRefine()))
        .containsExactlyInAnyOrderElementsOf(
            in("example-" + environment + "-raw/", DailyChainRuns.DAY_2));
    JsonNode curated = DailyChainRuns.report(runs.emrCurate());
    assertThat(refinedDaysRead(runs.emrCurate())).containsExactly("day=02");
    assertThat(RunReports.partitionsWritten(curated)).containsExactly("flight_date=2001-03-02");
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void theAirflowDagStartsTheJobRunsEtlDeployStarts(String environment) {
    TerraformPlan plan =
        Terraform.plan(
            "DeployedArgumentsTest.theAirflowDagStartsTheJobRunsEtlDeployStarts", environment);
    JsonNode dag =
        AirflowDag.render(
            "DeployedArgumentsTest.theAirflowDagStartsTheJobRunsEtlDeployStarts",
            DailyChainRuns.variables(environment, plan),
            DailyChainRuns.RUN_DATE);
    EmrRequests requests =
        DailyChainRuns.emrRequests(
            DeployConfigLoader.load(Repository.root().resolve("deploy"), environment));

    assertThat(dag.path("schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(dag.at("/tasks/refined_to_curated/upstream").toString())
        .isEqualTo("[\"raw_to_refined\"]");
    for (String name : List.of("raw-to-refined", "refined-to-curated")) {
      DeployedJob job = DeployedJob.require(name);
      JsonNode task = dag.path("tasks").path(name.replace('-', '_'));
      List<String> runArguments =
          List.of("--run-date", DailyChainRuns.RUN_DATE, "--run-id", name + "-20010302-1");
      StartJobRunRequest deployed =
          requests.startJobRun("00f" + environment + "app", job, runArguments, "token");
      SparkSubmit submit = deployed.jobDriver().sparkSubmit();

      assertThat(task.at("/job_driver/sparkSubmit/entryPoint").asText())
          .isEqualTo(submit.entryPoint());
      assertThat(task.at("/job_driver/sparkSubmit/sparkSubmitParameters").asText())
          .isEqualTo(submit.sparkSubmitParameters());
      List<String> arguments = new ArrayList<>();
      task.at("/job_driver/sparkSubmit/entryPointArguments")
          .forEach(argument -> arguments.add(argument.asText()));
      assertThat(arguments).isEqualTo(submit.entryPointArguments());
      assertThat(task.at("/config/executionTimeoutMinutes").asLong())
          .isEqualTo(deployed.executionTimeoutMinutes());
      assertThat(task.at("/config/retryPolicy/maxAttempts").asInt())
          .isEqualTo(deployed.retryPolicy().maxAttempts());
      Map<String, String> tags = new TreeMap<>();
      task.at("/config/tags")
          .fields()
          .forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
      assertThat(tags).isEqualTo(deployed.tags());
      assertThat(task.path("execution_role_arn").asText())
          .isEqualTo(deployed.executionRoleArn())
          .isEqualTo(DailyChainRuns.roleArn(plan, "emr_serverless"));
      assertThat(
              task.at(
                      "/configuration_overrides/monitoringConfiguration/s3MonitoringConfiguration/logUri")
                  .asText())
          .isEqualTo(
              deployed
                  .configurationOverrides()
                  .monitoringConfiguration()
                  .s3MonitoringConfiguration()
                  .logUri())
          .startsWith("s3://" + plan.buckets().get("temp") + "/");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void everyRunPostsItsSummaryWithTheWebhookOfItsEnvironment(String environment) {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of(
            "DeployedArgumentsTest.everyRunPostsItsSummaryWithTheWebhookOfItsEnvironment",
            environment);
    List<DeployedRuntime.Run> all = new ArrayList<>(runs.glueRuns());
    all.addAll(runs.emrRuns());
    for (DeployedRuntime.Run run : all) {
      assertThat(run.secrets())
          .as(run.describe())
          .containsExactly(
              "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakeetl-"
                  + environment
                  + "/slack-webhook-AbCdEf");
      assertThat(run.slackPosts()).as(run.describe()).hasSize(1);
      assertThat(run.slackPosts().get(0)).contains("SUCCEEDED");
    }
  }

  /** The files a run read, as {@code <bucket>/<key>}. */
  private static List<String> read(DeployedRuntime.Run run) {
    return DailyChainRuns.filesRead(run).stream()
        .map(path -> path.replaceFirst("^s3a?://", ""))
        .toList();
  }

  private static List<String> in(String bucket, String day) {
    return DailyChainRuns.sampleFiles(day).stream().map(key -> bucket + key).toList();
  }

  /** The refined day partitions a curated run read, e.g. {@code day=02}, in order. */
  private static List<String> refinedDaysRead(DeployedRuntime.Run run) {
    return DailyChainRuns.filesRead(run).stream()
        .filter(path -> path.contains("-refined/flights/year="))
        .map(path -> path.replaceFirst(".*/(day=\\d+)/.*", "$1"))
        .distinct()
        .sorted()
        .toList();
  }
}
