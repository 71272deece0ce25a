package dev.lakeetl.streaming.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.streaming.sink.BatchCounts;
import dev.lakeetl.testing.SecretsManagerServer;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.SystemProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming run report and its Slack post, to a real local HTTP server standing in for Slack.
 */
class RunReporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant STARTED = Instant.parse("2026-11-24T00:00:00Z");

  @TempDir Path folder;
  private HttpServer server;
  private final List<String> posts = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          synchronized (posts) {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private RunReporter reporter(String location) {
    return reporter(
        location,
        new SlackConfig(
            Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook")),
            Optional.empty(),
            true,
            Duration.ofSeconds(5)));
  }

  private RunReporter reporter(String location, SlackConfig slack) {
    return new RunReporter(
        "run-1",
        "flights-streaming",
        STARTED,
        Clock.fixed(STARTED.plusSeconds(90), ZoneOffset.UTC),
        new ProgressListener(Map.of()),
        () -> new BatchCounts(5, 1, 3, 0),
        () -> List.of(new RuleTally("delay-plausible", "range", "quarantine", 4, 1, 1)),
        Map.of("target", Optional.of("out/refined")),
        new StreamingReportWriter(
            location, SharedSpark.session().sparkContext().hadoopConfiguration()),
        new SlackNotifier(slack));
  }

  @Test
  void theEndOfARunIsReportedAndPostedButNotItsProgress() throws IOException {
    String location = folder.resolve("run-1.json").toString();
    RunReporter reporter = reporter(location);

    reporter.write(StreamingStatus.RUNNING, Optional.empty());
    assertThat(posts).isEmpty();
    reporter.write(StreamingStatus.STOPPED, Optional.empty());

    JsonNode report = JSON.readTree(folder.resolve("run-1.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("STOPPED");
    assertThat(report.get("counts").get("read").asLong()).isEqualTo(6);
    assertThat(report.get("quality").get(0).get("brokenBatches").asLong()).isEqualTo(1);
    assertThat(posts).hasSize(1);
    assertThat(JSON.readTree(posts.get(0)).get("text").asText())
        .startsWith(":white_check_mark: *flights-streaming* STOPPED\n")
        .contains("read 6 = refined 5 + quarantined 1; 3 window rows; 1 quality rules broken in 1")
        .contains("90.0 s");
  }

  @Test
  void theEndOfARunIsPostedToTheWebhookInTheSecret() throws IOException {
    try (SecretsManagerServer secretsManager = SecretsManagerServer.start();
        SystemProperties aws = SystemProperties.awsSecretsManager(secretsManager, "us-east-1")) {
      String arn =
          secretsManager.addSecret(
              "eu-central-1",
              "lakeetl-prod/slack-webhook",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      RunReporter reporter =
          reporter(
              folder.resolve("run-1.json").toString(),
              new SlackConfig(Optional.empty(), Optional.of(arn), true, Duration.ofSeconds(5)));

      reporter.write(StreamingStatus.RUNNING, Optional.empty());
      assertThat(secretsManager.requests()).isEmpty();
      reporter.write(StreamingStatus.STOPPED, Optional.empty());

      assertThat(secretsManager.requests())
          .singleElement()
          .satisfies(
              request -> {
                assertThat(request.header("X-Amz-Target"))
                    .isEqualTo(SecretsManagerServer.GET_SECRET_VALUE);
                assertThat(request.header("Authorization"))
                    .contains("/eu-central-1/secretsmanager/aws4_request");
              });
      assertThat(posts).hasSize(1);
      assertThat(JSON.readTree(posts.get(0)).get("text").asText())
          .startsWith(":white_check_mark: *flights-streaming* STOPPED\n");
    }
  }

  @Test
  void aFailedRunIsPostedWithItsError() throws IOException {
    reporter(folder.resolve("run-1.json").toString())
        .write(StreamingStatus.FAILED, Optional.of("query refined failed: broker gone"));

    assertThat(JSON.readTree(posts.get(0)).get("text").asText())
        .startsWith(":x: *flights-streaming* FAILED\n")
        .contains("error: query refined failed: broker gone");
  }
}
