package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.LogLines;
import dev.lakeetl.testing.SecretsManagerServer;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.SlackWebhookServer;
import dev.lakeetl.testing.SystemProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job posts its run summary to the configured Slack webhook (a local HTTP server). */
class RawToRefinedSlackTest {
  @TempDir Path directory;

  @Test
  void failedRunIsPostedToSlack() throws IOException {
    SharedSpark.session();
    List<String> posts = new ArrayList<>();
    HttpServer slack =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/hook",
        exchange -> {
          synchronized (posts) {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    slack.start();
    try {
      Path spec = spec("notify.slack.webhook-url: ${SLACK_WEBHOOK_URL}");
      String webhook = "http://127.0.0.1:" + slack.getAddress().getPort() + "/hook";

      RunReport report =
          new RawToRefinedJob(
                  JobArguments.parse("--config", spec.toString(), "--run-id", "slack-run"),
                  Map.of("SLACK_WEBHOOK_URL", webhook))
              .run(Clock.systemUTC());

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(posts).hasSize(1);
      assertThat(posts.get(0))
          .contains(":x: *flights-raw-to-refined* FAILED")
          .contains("Run slack-run of flights-raw-to-refined FAILED")
          .contains("source.path");
    } finally {
      slack.stop(0);
    }
  }

  @Test
  void failedRunIsPostedToTheWebhookInTheSecret() throws IOException {
    SharedSpark.session();
    try (SecretsManagerServer secretsManager = SecretsManagerServer.start();
        SlackWebhookServer slack = SlackWebhookServer.start();
        SystemProperties aws = SystemProperties.awsSecretsManager(secretsManager, "eu-west-1")) {
      secretsManager.addSecret("eu-west-1", "lakeetl-dev/slack-webhook", slack.url());
      Path spec = spec("notify.slack.webhook-secret: lakeetl-dev/slack-webhook");

      RunReport report =
          new RawToRefinedJob(
                  JobArguments.parse("--config", spec.toString(), "--run-id", "secret-run"),
                  Map.of())
              .run(Clock.systemUTC());

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(secretsManager.requests())
          .singleElement()
          .satisfies(
              request ->
                  assertThat(request.body())
                      .isEqualTo("{\"SecretId\":\"lakeetl-dev/slack-webhook\"}"));
      assertThat(slack.posts())
          .singleElement()
          .asString()
          .contains(":x: *flights-raw-to-refined* FAILED")
          .contains("Run secret-run of flights-raw-to-refined FAILED");
    }
  }

  @Test
  void aMissingSecretIsAWarningAndTheRunStillSucceeds() throws IOException {
    SharedSpark.session();
    Path raw = Files.createDirectories(directory.resolve("raw"));
    Files.writeString(raw.resolve("flights.json"), "{\"origin\": \"LAX\"}\n");
    try (SecretsManagerServer secretsManager = SecretsManagerServer.start();
        SystemProperties aws = SystemProperties.awsSecretsManager(secretsManager, "eu-west-1");
        LogLines log = LogLines.of(SlackNotifier.class)) {
      Path spec = spec(raw, "notify.slack.webhook-secret: lakeetl-dev/slack-webhook");

      assertThat(RawToRefinedJob.execute("--config", spec.toString(), "--run-id", "no-secret"))
          .isEqualTo(JobMain.EXIT_SUCCEEDED);

      assertThat(secretsManager.requests()).hasSize(1);
      assertThat(log.lines())
          .singleElement()
          .asString()
          .startsWith(
              "WARN Cannot post run no-secret to Slack: cannot read notify.slack.webhook-secret"
                  + " lakeetl-dev/slack-webhook: ResourceNotFoundException");
    }
  }

  @Test
  void bothWebhookKeysStopTheJobBeforeItStarts() throws IOException {
    Path spec =
        spec(
            "notify.slack.webhook-url: https://hooks.slack.example/services/T0/B0/token",
            "notify.slack.webhook-secret: lakeetl-dev/slack-webhook");

    assertThat(RawToRefinedJob.execute("--config", spec.toString()))
        .isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
    assertThat(directory.resolve("refined")).doesNotExist();
  }

  /** A job whose source is missing (so the run fails fast), Slack on, plus {@code notify}. */
  private Path spec(String... notify) throws IOException {
    return spec(directory.resolve("missing"), notify);
  }

  /** A job reading JSON lines from {@code source}, Slack on, plus {@code notify}. */
  private Path spec(Path source, String... notify) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "job.name: flights-raw-to-refined",
            "runtime: local",
            "source: {path: " + source + ", format: json}",
            "target.path: " + directory.resolve("refined"),
            "target.write-mode: append",
            "notify.slack.enabled: true"));
    lines.addAll(List.of(notify));
    Path spec = directory.resolve("flights.yaml");
    Files.write(spec, lines, StandardCharsets.UTF_8);
    return spec;
  }
}
