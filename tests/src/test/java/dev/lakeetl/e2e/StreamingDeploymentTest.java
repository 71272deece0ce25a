package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.deploy.DeployConfig;
import dev.lakeetl.deploy.DeployConfigLoader;
import dev.lakeetl.deploy.DeployedJob;
import dev.lakeetl.streaming.StreamingConfig;
import dev.lakeetl.streaming.StreamingJob;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * The streaming job's deployed shape, for every environment (planned with an MSK cluster and its
 * VPC): the configuration it loads from its Glue arguments (and the same from the arguments of an
 * EMR Serverless run) names only buckets the plan creates and authenticates to MSK's IAM listener,
 * its workers reach the brokers through the VPC, a failed run is restarted from its checkpoint on
 * either runtime, and both job roles may do what a streaming run does: read the topics with IAM
 * access control, write its checkpoint, refined rows, quarantine and windows, read the Slack
 * webhook.
 *
 * <p>MSK's IAM authentication itself cannot run here; the actions a consumer needs are those the
 * MSK developer guide lists for it (Connect, DescribeTopic, ReadData, and DescribeGroup and
 * AlterGroup on Spark's generated consumer groups).
 */
class StreamingDeploymentTest {
  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void theStreamingJobRunsWhereTerraformPutsIt(String environment) {
    TerraformPlan plan =
        Terraform.plan(
            "StreamingDeploymentTest.theStreamingJobRunsWhereTerraformPutsIt", environment);
    TerraformPlan.Resource job = plan.resource("aws_glue_job", "job[\"streaming\"]");

    assertThat(job.values().at("/command/0/name").asText()).isEqualTo("gluestreaming");
    assertThat(job.values().path("max_retries").asInt())
        .as("Glue restarts a failed streaming run from its checkpoint")
        .isPositive();
    TerraformPlan.Resource connection = plan.resource("aws_glue_connection", "network[0]");
    assertThat(connection.string("connection_type")).isEqualTo("NETWORK");
    assertThat(job.values().path("connections").toString())
        .isEqualTo("[\"" + connection.string("name") + "\"]");
    assertThat(
            plan.resource("aws_emrserverless_application", "spark")
                .values()
                .at("/network_configuration/0/subnet_ids")
                .size())
        .isPositive();
    DeployConfig deploy = DeployConfigLoader.load(Repository.root().resolve("deploy"), environment);
    StartJobRunRequest emrRun =
        DailyChainRuns.emrRequests(deploy)
            .startJobRun("00fapp", DeployedJob.require("streaming"), List.of(), "token");
    assertThat(emrRun.retryPolicy().maxFailedAttemptsPerHour())
        .as("EMR Serverless restarts a failed streaming run from its checkpoint")
        .isPositive();

    StreamingConfig config = loaded(glueArguments(job));
    StreamingConfig onEmr = loaded(emrRun.jobDriver().sparkSubmit().entryPointArguments());
    assertThat(paths(onEmr)).as("an EMR Serverless run's paths").isEqualTo(paths(config));
    assertThat(onEmr.source()).isEqualTo(config.source());
    assertThat(onEmr.slack()).isEqualTo(config.slack());
    assertThat(onEmr.spark().runtime().configName()).isEqualTo("emr-serverless");
    assertThat(config.spark().runtime().configName()).isEqualTo("glue");
    Map<String, String> buckets = plan.buckets();
    for (String path : paths(config)) {
      assertThat(buckets.values()).as(path).contains(bucket(path));
    }
    assertThat(bucket(config.checkpointPath())).isEqualTo(buckets.get("checkpoints"));
    Map<String, String> kafka = config.source().readerOptions();
    assertThat(kafka.get("kafka.bootstrap.servers")).endsWith(":9098");
    assertThat(kafka)
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM");

    assertThat(config.slack().webhookSecret())
        .contains("lakeetl-" + environment + "/slack-webhook");

    String cluster = plan.json().at("/variables/msk_cluster_arn/value").asText();
    String account = plan.json().at("/variables/account_id/value").asText();
    List<IamRequest> needed = needed(config, cluster);
    needed.add(
        new IamRequest(
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:eu-west-1:"
                + account
                + ":secret:"
                + config.slack().webhookSecret().orElseThrow()
                + "-AbCdEf",
            Map.of(),
            "the Slack post at the end of a run"));
    for (String role : List.of("glue", "emr-serverless")) {
      assertThat(PlannedRole.of(plan, "lakeetl-" + environment + "-" + role).denied(needed))
          .as(
              "what a streaming run needs that role lakeetl-"
                  + environment
                  + "-"
                  + role
                  + " may not do")
          .isEmpty();
    }
  }

  /** What a streaming run needs: its S3 paths, the topics, the webhook secret. */
  private static List<IamRequest> needed(StreamingConfig config, String cluster) {
    List<IamRequest> needed = new ArrayList<>();
    for (String path : paths(config)) {
      String object = "arn:aws:s3:::" + path.replaceFirst("^s3a?://", "") + "/part-0.parquet";
      String bucket = "arn:aws:s3:::" + bucket(path);
      for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
        needed.add(new IamRequest(action, object, IamRequest.TLS, "streaming sink " + path));
      }
      needed.add(new IamRequest("s3:ListBucket", bucket, IamRequest.TLS, "streaming sink " + path));
    }
    String topics = cluster.replace(":cluster/", ":topic/");
    String groups = cluster.replace(":cluster/", ":group/");
    needed.add(new IamRequest("kafka-cluster:Connect", cluster, Map.of(), "Kafka consumer"));
    String topicOption = config.source().readerOptions().getOrDefault("subscribe", "");
    assertThat(topicOption).as("the topics the job subscribes to").isNotBlank();
    for (String topic : topicOption.split(",")) {
      for (String action : List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData")) {
        needed.add(new IamRequest(action, topics + "/" + topic, Map.of(), "Kafka consumer"));
      }
    }
    for (String action : List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup")) {
      needed.add(
          new IamRequest(
              action,
              groups + "/spark-kafka-source-0f1e2d3c-executor",
              Map.of(),
              "Spark's Kafka consumer group"));
    }
    return needed;
  }

  /** The Glue job's arguments: Glue's own, then the plan's default arguments. */
  private static List<String> glueArguments(TerraformPlan.Resource job) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--JOB_ID",
                "j_streaming",
                "--JOB_RUN_ID",
                "jr_streaming",
                "--JOB_NAME",
                job.string("name")));
    job.values()
        .path("default_arguments")
        .fields()
        .forEachRemaining(
            argument -> {
              arguments.add(argument.getKey());
              arguments.add(argument.getValue().asText());
            });
    return arguments;
  }

  /**
   * The configuration the job loads from {@code arguments}, with {@code --config} read from the
   * repository ({@code etl-deploy upload} sends the same file).
   */
  private static StreamingConfig loaded(List<String> arguments) {
    List<String> local = new ArrayList<>(arguments);
    int config = local.indexOf("--config");
    assertThat(local.get(config + 1)).endsWith("/conf/flights-streaming.yaml");
    local.set(config + 1, Repository.root().resolve("conf/flights-streaming.yaml").toString());
    return new StreamingJob(local.toArray(String[]::new), Map.of(), Clock.systemUTC()).config();
  }

  private static List<String> paths(StreamingConfig config) {
    List<String> paths =
        new ArrayList<>(
            List.of(config.checkpointPath(), config.targetPath(), config.quarantinePath()));
    config.window().ifPresent(window -> paths.add(window.path()));
    return paths;
  }

  private static String bucket(String path) {
    return path.replaceFirst("^s3a?://", "").split("/")[0];
  }
}
