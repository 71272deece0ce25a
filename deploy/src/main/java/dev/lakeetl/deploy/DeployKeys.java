package dev.lakeetl.deploy;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import java.util.Map;

/**
 * The keys of the deployment settings ({@code deploy/deploy.yaml} overlaid by {@code
 * deploy/env/<env>.yaml}): where artifacts go, and how Glue jobs and the EMR Serverless application
 * are shaped in one environment. Job settings (paths, rules) stay in {@code conf/}.
 */
public final class DeployKeys {
  private DeployKeys() {}

  public static final ConfigKey<String> REGION =
      ConfigKey.string("aws.region")
          .description("AWS region; empty means the SDK's default (AWS_REGION, profile)");

  public static final ConfigKey<String> ARTIFACTS_BUCKET =
      ConfigKey.string("artifacts.bucket")
          .required()
          .description("Bucket the jars, job configs and Glue entry scripts are uploaded to");
  public static final ConfigKey<String> ARTIFACTS_PREFIX =
      ConfigKey.string("artifacts.prefix")
          .withDefault("lakeetl")
          .check(value -> !value.startsWith("/") && !value.endsWith("/"), "without a / at the ends")
          .description("Key prefix; artifacts go to <prefix>/<version>/jars|conf|glue");

  public static final ConfigKey<String> GLUE_JOB_PREFIX =
      ConfigKey.string("glue.job-prefix")
          .required()
          .description("Glue job names are <prefix><job>, e.g. lakeetl-dev-raw-to-refined");
  public static final ConfigKey<String> GLUE_ROLE_ARN =
      ConfigKey.string("glue.role-arn").required().description("IAM role the Glue jobs run as");
  public static final ConfigKey<String> GLUE_VERSION =
      ConfigKey.string("glue.version").withDefault("5.0").description("Glue version");
  public static final ConfigKey<String> GLUE_WORKER_TYPE =
      ConfigKey.string("glue.worker-type").withDefault("G.1X").description("Glue worker type");
  public static final ConfigKey<Integer> GLUE_NUMBER_OF_WORKERS =
      ConfigKey.integer("glue.number-of-workers")
          .withDefault(2)
          .check(value -> value >= 2, "at least 2 (one driver, one executor)")
          .description("Workers of each batch job");
  public static final ConfigKey<Integer> GLUE_STREAMING_NUMBER_OF_WORKERS =
      ConfigKey.integer("glue.streaming.number-of-workers")
          .withDefault(2)
          .check(value -> value >= 2, "at least 2 (one driver, one executor)")
          .description("Workers of the streaming job");
  public static final ConfigKey<Integer> GLUE_TIMEOUT_MINUTES =
      ConfigKey.integer("glue.timeout-minutes")
          .withDefault(120)
          .check(value -> value > 0, "a positive number")
          .description("Batch job run timeout; the streaming job has none");
  public static final ConfigKey<Integer> GLUE_MAX_RETRIES =
      ConfigKey.integer("glue.max-retries")
          .withDefault(0)
          .check(value -> value >= 0 && value <= 10, "between 0 and 10")
          .description("Glue retries of a failed run");
  public static final ConfigKey<String> GLUE_JOB_BOOKMARK_OPTION =
      ConfigKey.string("glue.job-bookmark-option")
          .withDefault("job-bookmark-disable")
          .check(
              value ->
                  value.equals("job-bookmark-enable")
                      || value.equals("job-bookmark-disable")
                      || value.equals("job-bookmark-pause"),
              "job-bookmark-enable, job-bookmark-disable or job-bookmark-pause")
          .description("--job-bookmark-option of the jobs (they track their input themselves)");
  public static final ConfigKey<String> GLUE_TEMP_DIR =
      ConfigKey.string("glue.temp-dir").required().description("--TempDir: Glue's scratch folder");
  public static final ConfigKey<String> GLUE_LOG_GROUP =
      ConfigKey.string("glue.log-group")
          .description("CloudWatch log group for continuous logging; empty: Glue's default");
  public static final ConfigKey<Map<String, String>> GLUE_DEFAULT_ARGUMENTS =
      ConfigKey.map("glue.default-arguments")
          .description("More default arguments: glue.default-arguments.<name>: value -> --<name>");

  public static final ConfigKey<String> EMR_APPLICATION_NAME =
      ConfigKey.string("emr.application-name")
          .required()
          .description("EMR Serverless application the jobs run on (created if missing)");
  public static final ConfigKey<String> EMR_RELEASE_LABEL =
      ConfigKey.string("emr.release-label")
          .withDefault("emr-7.5.0")
          .check(value -> value.startsWith("emr-7."), "an EMR 7 release such as emr-7.5.0")
          .description("EMR release (Spark 3.5)");
  public static final ConfigKey<String> EMR_EXECUTION_ROLE_ARN =
      ConfigKey.string("emr.execution-role-arn")
          .required()
          .description("IAM role the EMR Serverless job runs use");
  public static final ConfigKey<String> EMR_LOG_URI =
      ConfigKey.string("emr.log-uri")
          .required()
          .description("S3 folder for driver and executor logs");
  public static final ConfigKey<Integer> EMR_DRIVER_COUNT =
      ConfigKey.integer("emr.initial-capacity.driver-count")
          .withDefault(0)
          .check(value -> value >= 0, "zero or more")
          .description("Pre-initialized drivers (0: none kept warm)");
  public static final ConfigKey<Integer> EMR_EXECUTOR_COUNT =
      ConfigKey.integer("emr.initial-capacity.executor-count")
          .withDefault(0)
          .check(value -> value >= 0, "zero or more")
          .description("Pre-initialized executors (0: none kept warm)");
  public static final ConfigKey<String> EMR_WORKER_CPU =
      ConfigKey.string("emr.initial-capacity.cpu")
          .withDefault("2 vCPU")
          .description("CPU of a pre-initialized worker");
  public static final ConfigKey<String> EMR_WORKER_MEMORY =
      ConfigKey.string("emr.initial-capacity.memory")
          .withDefault("8 GB")
          .description("Memory of a pre-initialized worker");
  public static final ConfigKey<String> EMR_MAXIMUM_CPU =
      ConfigKey.string("emr.maximum-capacity.cpu")
          .withDefault("32 vCPU")
          .description("Upper bound on the application's CPU");
  public static final ConfigKey<String> EMR_MAXIMUM_MEMORY =
      ConfigKey.string("emr.maximum-capacity.memory")
          .withDefault("128 GB")
          .description("Upper bound on the application's memory");
  public static final ConfigKey<Integer> EMR_IDLE_TIMEOUT_MINUTES =
      ConfigKey.integer("emr.auto-stop.idle-minutes")
          .withDefault(15)
          .check(value -> value >= 1, "at least 1")
          .description("The application stops after this many idle minutes");
  public static final ConfigKey<Integer> EMR_TIMEOUT_MINUTES =
      ConfigKey.integer("emr.timeout-minutes")
          .withDefault(120)
          .check(value -> value > 0, "a positive number")
          .description("Batch job run timeout (executionTimeoutMinutes)");
  public static final ConfigKey<Map<String, String>> EMR_SPARK_CONF =
      ConfigKey.map("emr.spark-conf")
          .description("Spark settings passed as --conf in sparkSubmitParameters");

  public static final ConfigKey<Map<String, String>> TAGS =
      ConfigKey.map("tags").description("Tags on the Glue jobs, application and job runs");

  /** Every deployment key. */
  public static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          REGION,
          ARTIFACTS_BUCKET,
          ARTIFACTS_PREFIX,
          GLUE_JOB_PREFIX,
          GLUE_ROLE_ARN,
          GLUE_VERSION,
          GLUE_WORKER_TYPE,
          GLUE_NUMBER_OF_WORKERS,
          GLUE_STREAMING_NUMBER_OF_WORKERS,
          GLUE_TIMEOUT_MINUTES,
          GLUE_MAX_RETRIES,
          GLUE_JOB_BOOKMARK_OPTION,
          GLUE_TEMP_DIR,
          GLUE_LOG_GROUP,
          GLUE_DEFAULT_ARGUMENTS,
          EMR_APPLICATION_NAME,
          EMR_RELEASE_LABEL,
          EMR_EXECUTION_ROLE_ARN,
          EMR_LOG_URI,
          EMR_DRIVER_COUNT,
          EMR_EXECUTOR_COUNT,
          EMR_WORKER_CPU,
          EMR_WORKER_MEMORY,
          EMR_MAXIMUM_CPU,
          EMR_MAXIMUM_MEMORY,
          EMR_IDLE_TIMEOUT_MINUTES,
          EMR_TIMEOUT_MINUTES,
          EMR_SPARK_CONF,
          TAGS);
}
