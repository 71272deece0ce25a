package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.deploy.DeployCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * The IAM contract, for every environment: every AWS authorization the jobs and the deploy tool
 * need, derived from what they did (the S3 requests, catalog calls and secret reads of the runs of
 * {@link DailyChainRuns}; the API requests {@code etl-deploy} sends), is allowed by the policies
 * the Terraform plan gives their roles, evaluated with the bucket policies by a real IAM policy
 * evaluator. What a role may do and nothing needed is written to {@code tests/target/iam-contract/}
 * and printed (least privilege).
 */
class IamContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void theGlueRoleAllowsWhatTheGlueJobsDo(String environment) {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of("IamContractTest.theGlueRoleAllowsWhatTheGlueJobsDo", environment);
    TerraformPlan plan = runs.plan();
    List<IamRequest> needed = new ArrayList<>();
    for (DeployedRuntime.Run run : runs.glueRuns()) {
      needed.addAll(recorded(plan, run));
    }
    // What Glue does with the job's role for every run: fetch the script and the jar, log, meter.
    String logs = "arn:aws:logs:" + region(plan) + ":" + account(plan) + ":log-group:";
    for (TerraformPlan.Resource job : plan.resources("aws_glue_job")) {
      JsonNode arguments = job.values().path("default_arguments");
      String origin = "Glue starting " + job.string("name");
      needed.add(
          object("s3:GetObject", job.values().at("/command/0/script_location").asText(), origin));
      needed.add(object("s3:GetObject", arguments.path("--extra-jars").asText(), origin));
      String prefix = arguments.path("--custom-logGroup-prefix").asText();
      for (String group : List.of(prefix + "/error", prefix + "/output")) {
        for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
          needed.add(
              new IamRequest(
                  action,
                  logs + group + ":log-stream:jr_0123-driver",
                  Map.of(),
                  origin + " (Glue 5 logs)"));
        }
      }
      needed.add(
          new IamRequest(
              "cloudwatch:PutMetricData",
              "*",
              Map.of("cloudwatch:namespace", "Glue"),
              origin + " (--enable-metrics)"));
    }

    assertAllowed(plan, "lakeetl-" + environment + "-glue", needed);
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void theEmrServerlessRoleAllowsWhatTheEmrJobsDo(String environment) {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of(
            "IamContractTest.theEmrServerlessRoleAllowsWhatTheEmrJobsDo", environment);
    TerraformPlan plan = runs.plan();
    List<IamRequest> needed = new ArrayList<>();
    for (DeployedRuntime.Run run : runs.emrRuns()) {
      needed.addAll(recorded(plan, run));
    }
    // What EMR Serverless does with the runtime role: fetch the entry point, write the logs.
    for (JsonNode task : runs.dag().path("tasks")) {
      String origin = "EMR Serverless starting " + task.path("name").asText();
      needed.add(
          object("s3:GetObject", task.at("/job_driver/sparkSubmit/entryPoint").asText(), origin));
      String logUri =
          task.at(
                  "/configuration_overrides/monitoringConfiguration/s3MonitoringConfiguration/logUri")
              .asText();
      needed.add(
          object(
              "s3:PutObject",
              logUri + "applications/00fapp/jobs/00frun/SPARK_DRIVER/stdout.gz",
              origin + " (logs)"));
    }

    assertAllowed(plan, "lakeetl-" + environment + "-emr-serverless", needed);
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void theDeployRoleAllowsWhatEtlDeployDoes(String environment, @TempDir Path settings)
      throws IOException {
    DailyChainRuns.Environment runs =
        DailyChainRuns.of("IamContractTest.theDeployRoleAllowsWhatEtlDeployDoes", environment);
    TerraformPlan plan = runs.plan();
    List<IamRequest> needed = new ArrayList<>();
    runs.upload().forEach(request -> needed.addAll(IamRequest.ofS3(request)));

    // The API requests of every other command, as their dry runs list them.
    String applicationTag = environment;
    List<JsonNode> requests = new ArrayList<>();
    requests.addAll(dryRun(null, "glue", "deploy", "--env", environment));
    requests.addAll(dryRun(null, "glue", "run", "raw-to-refined", "--env", environment));
    requests.addAll(dryRun(null, "emr", "run", "raw-to-refined", "--env", environment));
    requests.addAll(
        dryRun(
            streamingOnEmr(settings, environment),
            "emr",
            "run",
            "streaming",
            "--env",
            environment));
    String glue = "arn:aws:glue:" + region(plan) + ":" + account(plan) + ":job/";
    String applications =
        "arn:aws:emr-serverless:" + region(plan) + ":" + account(plan) + ":/applications/00fapp";
    Map<String, String> environmentTag = Map.of("aws:ResourceTag/environment", applicationTag);
    for (JsonNode request : requests) {
      String operation = request.path("operation").asText();
      JsonNode body = request.path("request");
      String origin = "etl-deploy " + request.path("service").asText() + " " + operation;
      switch (request.path("service").asText()) {
        case "glue" -> {
          String job =
              body.has("JobName") ? body.path("JobName").asText() : body.path("Name").asText();
          needed.add(new IamRequest("glue:" + operation, glue + job, Map.of(), origin));
          if (operation.equals("UpdateJob")) {
            needed.add(
                new IamRequest(
                    "iam:PassRole",
                    DailyChainRuns.roleArn(plan, "glue"),
                    Map.of("iam:PassedToService", "glue.amazonaws.com"),
                    origin + " (the job's role, sent back as GetJob returned it)"));
          }
        }
        case "emr-serverless" -> {
          switch (operation) {
            case "ListApplications" ->
                needed.add(
                    new IamRequest("emr-serverless:ListApplications", "*", Map.of(), origin));
            case "StartJobRun" -> {
              needed.add(
                  new IamRequest(
                      "emr-serverless:StartJobRun", applications, environmentTag, origin));
              needed.add(
                  new IamRequest(
                      "emr-serverless:TagResource",
                      applications + "/jobruns/00frun",
                      Map.of(
                          "aws:RequestTag/environment",
                          body.at("/tags/environment").asText(),
                          "aws:RequestTag/project",
                          body.at("/tags/project").asText()),
                      origin + " (tags of the run)"));
              needed.add(
                  new IamRequest(
                      "iam:PassRole",
                      body.path("executionRoleArn").asText(),
                      Map.of("iam:PassedToService", "emr-serverless.amazonaws.com"),
                      origin));
              // Then it watches the run it started, tagged with the environment.
              needed.add(
                  new IamRequest(
                      "emr-serverless:GetJobRun",
                      applications + "/jobruns/00frun",
                      environmentTag,
                      origin + " (waiting for the run)"));
            }
            case "ListJobRuns" ->
                needed.add(
                    new IamRequest(
                        "emr-serverless:ListJobRuns", applications, environmentTag, origin));
            case "CancelJobRun" ->
                needed.add(
                    new IamRequest(
                        "emr-serverless:CancelJobRun",
                        applications + "/jobruns/00fold",
                        environmentTag,
                        origin));
            default -> throw new AssertionError("No IAM action known for " + origin);
          }
        }
        default -> throw new AssertionError("No IAM action known for " + origin);
      }
    }

    assertAllowed(plan, "lakeetl-" + environment + "-deploy", needed);
  }

  /** The authorizations of what a run recorded: its S3 requests and catalog calls. */
  private static List<IamRequest> recorded(TerraformPlan plan, DeployedRuntime.Run run) {
    assertThat(run.result().exitCode()).as(run.describe()).isZero();
    assertThat(run.s3()).as("S3 requests recorded for " + run.name()).isNotEmpty();
    assertThat(run.catalog()).as("catalog calls recorded for " + run.name()).isNotEmpty();
    String catalog = "arn:aws:glue:" + region(plan) + ":" + account(plan);
    List<IamRequest> needed = new ArrayList<>();
    run.s3().forEach(request -> needed.addAll(IamRequest.ofS3(request)));
    run.catalog().forEach(call -> needed.addAll(IamRequest.ofCatalogCall(call, catalog)));
    for (String secret : run.secrets()) {
      needed.add(
          new IamRequest(
              "secretsmanager:GetSecretValue",
              secret,
              Map.of(),
              run.name() + " reading " + secret));
    }
    return needed;
  }

  private static IamRequest object(String action, String s3Uri, String origin) {
    return new IamRequest(
        action, "arn:aws:s3:::" + s3Uri.replaceFirst("^s3a?://", ""), IamRequest.TLS, origin);
  }

  /**
   * Evaluates every distinct authorization against the role's policies (and the bucket's policy for
   * S3), fails listing each one denied, and reports the actions the role may use but did not.
   */
  private static void assertAllowed(TerraformPlan plan, String name, List<IamRequest> needed) {
    PlannedRole role = PlannedRole.of(plan, name);
    List<IamRequest> distinct = PlannedRole.distinct(needed);
    Set<String> used = new TreeSet<>();
    distinct.forEach(request -> used.add(request.action()));
    Set<String> unused = role.unused(distinct);
    String report =
        "IAM contract "
            + plan.environment()
            + " "
            + name
            + ": "
            + used.size()
            + " actions used "
            + used
            + "; allowed but not used by any recorded run: "
            + (unused.isEmpty() ? "none" : String.join(", ", unused));
    System.out.println(report);
    Path file = Repository.root().resolve("tests/target/iam-contract/" + name + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, report + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    assertThat(role.denied(distinct))
        .as(
            "authorizations of role "
                + name
                + " ("
                + plan.environment()
                + ") that its policies deny, of "
                + distinct.size()
                + " needed")
        .isEmpty();
  }

  /** The requests of an {@code etl-deploy ... --dry-run}, as the tool prints them. */
  private static List<JsonNode> dryRun(Path deploySettings, String... command) throws IOException {
    List<String> arguments = new ArrayList<>(List.of(command));
    arguments.addAll(
        List.of(
            "--dry-run",
            "--version",
            Terraform.ARTIFACT_VERSION,
            "--repo",
            Repository.root().toString(),
            "--endpoint",
            "http://127.0.0.1:9"));
    if (deploySettings != null) {
      arguments.addAll(List.of("--deploy-config", deploySettings.toString()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          DeployCli.execute(
              arguments.toArray(String[]::new), out, AnonymousCredentialsProvider.create(), null);
    }
    assertThat(exitCode).as("etl-deploy " + arguments + ": " + output).isZero();
    List<JsonNode> requests = new ArrayList<>();
    JSON.readTree(output.toString(StandardCharsets.UTF_8)).forEach(requests::add);
    return requests;
  }

  /** The repository's deployment settings with the streaming job on EMR Serverless. */
  private static Path streamingOnEmr(Path folder, String environment) throws IOException {
    Path deploy = Repository.root().resolve("deploy");
    Files.createDirectories(folder.resolve("env"));
    Files.copy(deploy.resolve("deploy.yaml"), folder.resolve("deploy.yaml"));
    Files.writeString(
        folder.resolve("env/" + environment + ".yaml"),
        Files.readString(deploy.resolve("env/" + environment + ".yaml"))
            + "\nstreaming:\n  runtime: emr-serverless\n");
    return folder;
  }

  private static String region(TerraformPlan plan) {
    return plan.json().at("/variables/region/value").asText();
  }

  private static String account(TerraformPlan plan) {
    return plan.json().at("/variables/account_id/value").asText();
  }
}
