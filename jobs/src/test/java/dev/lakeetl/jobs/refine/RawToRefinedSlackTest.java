package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.TestSpark;
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
    TestSpark.session();
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
      Path spec = directory.resolve("flights.yaml");
      Files.write(
          spec,
          List.of(
              "job.name: flights-raw-to-refined",
              "runtime: local",
              "source: {path: " + directory.resolve("missing") + ", format: json}",
              "target.path: " + directory.resolve("refined"),
              "target.write-mode: append",
              "notify.slack.enabled: true",
              "notify.slack.webhook-url: ${SLACK_WEBHOOK_URL}"),
          StandardCharsets.UTF_8);
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
}
