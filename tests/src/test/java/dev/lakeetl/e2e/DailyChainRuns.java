package dev.lakeetl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.deploy.ArtifactLayout;
import dev.lakeetl.deploy.DeployConfig;
import dev.lakeetl.deploy.DeployConfigLoader;
import dev.lakeetl.deploy.DeployedJob;
import dev.lakeetl.deploy.EmrRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The daily chain of one environment run as the services run it, once per test JVM: the Glue jobs
 * of the Terraform plan on bookmarks, and the EMR Serverless job runs of the Airflow DAG for a run
 * date, each with the exact arguments the deployed definitions give it, against stand-ins named
 * after the plan (its buckets, its catalog database) holding the uploaded artifacts and two days of
 * the sample flights.
 *
 * <ol>
 *   <li>Glue raw-to-refined with day 1 in the raw bucket (reads day 1), then, in dev, again after
 *       day 2 arrived (reads day 2 only); elsewhere both days arrive before the one run.
 *   <li>Glue refined-to-curated (reads the refined days the first time).
 *   <li>EMR Serverless raw-to-refined and refined-to-curated for the run date of day 2.
 * </ol>
 */
final class DailyChainRuns {
  static final String DAY_1 = "2001/03/01";
  static final String DAY_2 = "2001/03/02";
  static final String RUN_DATE = "2001-03-02";

  /** The region of every environment (the environments' default). */
  static final String REGION = "eu-west-1";

  private static final Pattern REPORT = Pattern.compile("[^ \"']*_reports/[^ \"']*\\.json");
  private static final Map<String, Environment> RUNS = new HashMap<>();
  private static DeployedRuntime runtime;

  private DailyChainRuns() {}

  /**
   * One environment's runs.
   *
   * @param plan the environment's Terraform plan
   * @param deploy its deployment settings
   * @param dag the Airflow DAG's tasks rendered for {@link #RUN_DATE}
   * @param upload the S3 requests of {@code etl-deploy upload}
   * @param glueRefine the Glue raw-to-refined runs, in order
   * @param glueCurate the Glue refined-to-curated run
   * @param emrRefine the EMR Serverless raw-to-refined run
   * @param emrCurate the EMR Serverless refined-to-curated run
   */
  record Environment(
      TerraformPlan plan,
      DeployConfig deploy,
      JsonNode dag,
      List<S3RequestLog.Request> upload,
      List<DeployedRuntime.Run> glueRefine,
      DeployedRuntime.Run glueCurate,
      DeployedRuntime.Run emrRefine,
      DeployedRuntime.Run emrCurate) {
    /** The Glue runs, in the order they ran. */
    List<DeployedRuntime.Run> glueRuns() {
      List<DeployedRuntime.Run> runs = new ArrayList<>(glueRefine);
      runs.add(glueCurate);
      return runs;
    }

    /** The EMR Serverless runs, in the order they ran. */
    List<DeployedRuntime.Run> emrRuns() {
      return List.of(emrRefine, emrCurate);
    }
  }

  /** The runs of {@code environment}, made on first use. */
  static synchronized Environment of(String test, String environment) {
    Environment cached = RUNS.get(environment);
    if (cached != null) {
      return cached;
    }
    TerraformPlan plan = Terraform.plan(test, environment);
    JsonNode dag = AirflowDag.render(test, variables(environment, plan), RUN_DATE);
    try {
      Environment runs = run(environment, plan, dag, runtime(test));
      RUNS.put(environment, runs);
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run the daily chain of " + environment, e);
    }
  }

  /** The run report a run names in its log, read from the bucket it was written to. */
  static JsonNode report(DeployedRuntime.Run run) {
    Matcher path = REPORT.matcher(run.result().log());
    String found = null;
    while (path.find()) {
      found = path.group();
    }
    if (found == null) {
      throw new AssertionError("No run report named in the log of " + run.describe());
    }
    String location = found.replaceFirst("^s3a?://", "");
    int slash = location.indexOf('/');
    // Reports are read after the runs, so the stand-ins are running.
    String json =
        runtime.s3().getObjectAsString(location.substring(0, slash), location.substring(slash + 1));
    return RunReports.parse(json, found);
  }

  /** The paths of the files a run read, as its report lists them. */
  static List<String> filesRead(DeployedRuntime.Run run) {
    List<String> files = new ArrayList<>();
    report(run).path("inputs").path("files").forEach(file -> files.add(file.path("path").asText()));
    return List.copyOf(files);
  }

  /** The Airflow Variables of an environment, from its plan and deployment settings. */
  static Map<String, String> variables(String environment, TerraformPlan plan) {
    DeployConfig deploy = DeployConfigLoader.load(Repository.root().resolve("deploy"), environment);
    ArtifactLayout layout = ArtifactLayout.of(deploy, Terraform.ARTIFACT_VERSION);
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("lakeetl_env", environment);
    variables.put("lakeetl_artifacts", layout.uri(layout.root()).replaceAll("/$", ""));
    variables.put("lakeetl_application_id", "00f" + environment + "app");
    variables.put("lakeetl_execution_role_arn", roleArn(plan, "emr_serverless"));
    variables.put("lakeetl_log_uri", deploy.emr().logUri());
    return variables;
  }

  /** The ARN of one of the plan's job roles ({@code glue} or {@code emr_serverless}). */
  static String roleArn(TerraformPlan plan, String role) {
    String name = plan.resource("aws_iam_role", "roles.aws_iam_role." + role).string("name");
    String account = plan.json().at("/variables/account_id/value").asText();
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  private static Environment run(
      String environment, TerraformPlan plan, JsonNode dag, DeployedRuntime stand)
      throws IOException {
    DeployConfig deploy = DeployConfigLoader.load(Repository.root().resolve("deploy"), environment);
    Map<String, String> buckets = plan.buckets();
    buckets.values().forEach(bucket -> stand.s3().createBucket(bucket));
    stand.addSlackWebhookSecret(
        plan.resource("aws_secretsmanager_secret", "slack_webhook").string("name"));
    List<S3RequestLog.Request> upload = stand.deploy("upload", environment);
    stand.put(buckets.get("raw"), "airports/airports.csv", Repository.sampleAirports());

    boolean secondDelivery = environment.equals("dev");
    upload(stand, buckets.get("raw"), DAY_1);
    if (!secondDelivery) {
      upload(stand, buckets.get("raw"), DAY_2);
    }
    List<DeployedRuntime.Run> glueRefine = new ArrayList<>();
    glueRefine.add(glue(stand, plan, environment, "raw-to-refined", 1));
    if (secondDelivery) {
      upload(stand, buckets.get("raw"), DAY_2);
      glueRefine.add(glue(stand, plan, environment, "raw-to-refined", 2));
    }
    DeployedRuntime.Run glueCurate = glue(stand, plan, environment, "refined-to-curated", 1);
    DeployedRuntime.Run emrRefine = emr(stand, dag, environment, "raw-to-refined");
    DeployedRuntime.Run emrCurate = emr(stand, dag, environment, "refined-to-curated");
    return new Environment(plan, deploy, dag, upload, glueRefine, glueCurate, emrRefine, emrCurate);
  }

  /**
   * A Glue run: Glue's own arguments, then the job's default arguments as the plan renders them,
   * the way Glue hands them to the script's {@code main}.
   */
  private static DeployedRuntime.Run glue(
      DeployedRuntime stand, TerraformPlan plan, String environment, String jobName, int attempt) {
    DeployedJob job = DeployedJob.require(jobName);
    TerraformPlan.Resource definition =
        plan.resource("aws_glue_job", "job[\"" + job.name() + "\"]");
    String name = definition.string("name");
    List<String> sysArgs =
        new ArrayList<>(
            List.of(
                "--JOB_ID",
                "j_" + environment + "_" + jobName.replace('-', '_'),
                "--JOB_RUN_ID",
                "jr_" + environment + "_" + jobName.replace('-', '_') + "_" + attempt,
                "--JOB_NAME",
                name));
    Map<String, String> defaults = new LinkedHashMap<>();
    definition
        .values()
        .path("default_arguments")
        .fields()
        .forEachRemaining(field -> defaults.put(field.getKey(), field.getValue().asText()));
    defaults.forEach(
        (key, value) -> {
          sysArgs.add(key);
          sysArgs.add(value);
        });
    return stand.glue(
        environment + "-glue-" + jobName + "-" + attempt, job, defaults.get("--class"), sysArgs);
  }

  /** An EMR Serverless run of the Airflow DAG's task for {@code jobName}, as rendered. */
  private static DeployedRuntime.Run emr(
      DeployedRuntime stand, JsonNode dag, String environment, String jobName) {
    JsonNode submit =
        dag.path("tasks").path(jobName.replace('-', '_')).at("/job_driver/sparkSubmit");
    List<String> arguments = new ArrayList<>();
    submit.path("entryPointArguments").forEach(argument -> arguments.add(argument.asText()));
    return stand.emrServerless(
        environment + "-emr-" + jobName,
        DeployedJob.require(jobName),
        submit.path("sparkSubmitParameters").asText(),
        arguments);
  }

  /** Uploads one day folder of the sample flights to {@code flights/<day>/} in the raw bucket. */
  private static void upload(DeployedRuntime stand, String bucket, String day) throws IOException {
    try (Stream<Path> files = Files.list(Repository.sampleFlights().resolve(day))) {
      for (Path file : files.sorted().toList()) {
        stand.put(bucket, "flights/" + day + "/" + file.getFileName(), file);
      }
    }
  }

  /** The sample file names of one day folder. */
  static List<String> sampleFiles(String day) {
    try (Stream<Path> files = Files.list(Repository.sampleFlights().resolve(day))) {
      return files.map(file -> "flights/" + day + "/" + file.getFileName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the sample day " + day, e);
    }
  }

  /** The requests etl-deploy's {@code emr run} would send for the same job and run date. */
  static EmrRequests emrRequests(DeployConfig deploy) {
    return new EmrRequests(deploy, ArtifactLayout.of(deploy, Terraform.ARTIFACT_VERSION));
  }

  /**
   * The stand-ins, started on first use, with the catalog databases of every environment the tests
   * check created at once (one Spark start instead of one per environment).
   */
  private static synchronized DeployedRuntime runtime(String test) {
    if (runtime == null) {
      List<String> databases =
          Terraform.environments()
              .map(
                  environment ->
                      Terraform.plan(test, environment)
                          .resource("aws_glue_catalog_database", "lake")
                          .string("name"))
              .toList();
      try {
        Path work =
            Files.createTempDirectory(Repository.root().resolve("tests/target"), "deployed-");
        runtime = DeployedRuntime.start(work, REGION);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the runtime stand-ins", e);
      }
      DeployedRuntime started = runtime;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      runtime.createDatabases(databases);
    }
    return runtime;
  }
}
