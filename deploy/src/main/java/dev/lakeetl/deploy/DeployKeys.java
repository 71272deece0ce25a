package dev.lakeetl.deploy;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import java.time.Duration;
import java.util.Map;

/**
 * The keys of the deployment settings ({@code deploy/deploy.yaml} overlaid by {@code
 * deploy/env/<env>.yaml}): where artifacts go, which Glue jobs a deploy points at them, and how EMR
 * Serverless job runs are submitted in one environment. Terraform owns the Glue job definitions and
 * the EMR Serverless application; job settings (paths, rules) stay in {@code conf/}.
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
          .description(
              "Glue job names are <prefix><job>, e.g. lakeetl-dev-raw-to-refined (Terraform"
                  + " creates them)");

  public static final ConfigKey<StreamingRuntime> STREAMING_RUNTIME =
      ConfigKey.enumeration("streaming.runtime", StreamingRuntime.class)
          .withDefault(StreamingRuntime.GLUE)
          .description(
              "Where the streaming job runs in this environment: glue (glue deploy restarts it on"
                  + " the new version), emr-serverless (emr run streaming) or none; one runtime"
                  + " only, both would share its checkpoint");

  public static final ConfigKey<String> EMR_APPLICATION_NAME =
      ConfigKey.string("emr.application-name")
          .required()
          .description("EMR Serverless application the jobs run on (Terraform creates it)");
  public static final ConfigKey<String> EMR_EXECUTION_ROLE_ARN =
      ConfigKey.string("emr.execution-role-arn")
          .required()
          .description("IAM role the EMR Serverless job runs use");
  public static final ConfigKey<String> EMR_LOG_URI =
      ConfigKey.string("emr.log-uri")
          .required()
          .description("S3 folder for driver and executor logs");
  public static final ConfigKey<Duration> EMR_TIMEOUT =
      ConfigKey.duration("emr.timeout")
          .withDefault(Duration.ofHours(2))
          .formerly("emr.timeout-minutes", "m")
          // EMR Serverless takes the timeout in whole minutes.
          .check(
              value -> value.toMinutes() > 0 && value.toSeconds() % 60 == 0,
              "a positive number of whole minutes, e.g. 90m or 2h")
          .description("Batch job run timeout, in whole minutes (executionTimeoutMinutes)");
  public static final ConfigKey<Integer> EMR_MAX_ATTEMPTS =
      ConfigKey.integer("emr.max-attempts")
          .withDefault(1)
          .check(value -> value >= 1 && value <= 10, "between 1 and 10")
          .description(
              "Attempts of a batch job run, 1 to 10 (retryPolicy.maxAttempts; 1: no retry)");
  public static final ConfigKey<Integer> EMR_STREAMING_MAX_FAILED_ATTEMPTS_PER_HOUR =
      ConfigKey.integer("emr.streaming.max-failed-attempts-per-hour")
          .withDefault(5)
          .check(value -> value >= 1, "at least 1")
          .description(
              "EMR Serverless restarts a failed streaming run from its checkpoint up to this many"
                  + " times an hour (retryPolicy.maxFailedAttemptsPerHour)");
  public static final ConfigKey<Map<String, String>> EMR_SPARK_CONF =
      ConfigKey.map("emr.spark-conf")
          .description("Spark settings passed as --conf in sparkSubmitParameters");

  public static final ConfigKey<Map<String, String>> TAGS =
      ConfigKey.map("tags").description("Tags on EMR Serverless job runs");

  /** Every deployment key. */
  public static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          REGION,
          ARTIFACTS_BUCKET,
          ARTIFACTS_PREFIX,
          GLUE_JOB_PREFIX,
          STREAMING_RUNTIME,
          EMR_APPLICATION_NAME,
          EMR_EXECUTION_ROLE_ARN,
          EMR_LOG_URI,
          EMR_TIMEOUT,
          EMR_MAX_ATTEMPTS,
          EMR_STREAMING_MAX_FAILED_ATTEMPTS_PER_HOUR,
          EMR_SPARK_CONF,
          TAGS);

  /** Where the streaming job runs; see {@link #STREAMING_RUNTIME}. */
  public enum StreamingRuntime {
    GLUE,
    EMR_SERVERLESS,
    /** No stream in this environment: deploys start none, runs are refused. */
    NONE
  }
}
