package dev.lakeetl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunHeader;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunOutputs;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Posts to a real local HTTP server standing in for Slack's incoming webhook. */
class SlackNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> bodies = new ArrayList<>();
  private final List<String> contentTypes = new ArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/services/T000/B000/secret-token",
        exchange -> {
          synchronized (bodies) {
            bodies.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          }
          byte[] reply =
              (status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void postsSucceededRunSummary() throws IOException {
    boolean posted = new SlackNotifier(config(true)).notify(report(RunStatus.SUCCEEDED));

    assertThat(posted).isTrue();
    assertThat(bodies).hasSize(1);
    assertThat(contentTypes.get(0)).startsWith("application/json");
    String text = JSON.readTree(bodies.get(0)).get("text").asText();
    assertThat(text)
        .startsWith(":white_check_mark: *flights-raw-to-refined* SUCCEEDED\n")
        .contains(
            "Run 20240501T000000Z-abc of flights-raw-to-refined SUCCEEDED: read 10 = written 8"
                + " + quarantined 1 + duplicates removed 1");
  }

  @Test
  void postsFailedRunWithItsError() throws IOException {
    boolean posted = new SlackNotifier(config(false)).notify(report(RunStatus.FAILED));

    assertThat(posted).isTrue();
    JsonNode payload = JSON.readTree(bodies.get(0));
    assertThat(payload.get("text").asText())
        .startsWith(":x: *flights-raw-to-refined* FAILED")
        .endsWith("; error: Cannot read source.path s3://raw/flights: not found");
  }

  @Test
  void failuresOnlySkipsSuccessfulRuns() {
    boolean posted = new SlackNotifier(config(false)).notify(report(RunStatus.SUCCEEDED));

    assertThat(posted).isFalse();
    assertThat(bodies).isEmpty();
  }

  @Test
  void rejectedPostIsLoggedNotThrown() {
    status = 500;

    boolean posted = new SlackNotifier(config(true)).notify(report(RunStatus.FAILED));

    assertThat(posted).isFalse();
    assertThat(bodies).hasSize(1);
  }

  @Test
  void unreachableWebhookIsLoggedNotThrown() {
    SlackConfig config = config(true);
    server.stop(0);

    assertThat(new SlackNotifier(config).notify(report(RunStatus.FAILED))).isFalse();
  }

  @Test
  void disabledByDefault() {
    Settings settings = Settings.of(NotifyKeys.SCHEMA, Map.of());

    SlackConfig config = SlackConfig.from(settings);

    assertThat(config.enabled()).isFalse();
    assertThat(new SlackNotifier(config).notify(report(RunStatus.FAILED))).isFalse();
    assertThat(bodies).isEmpty();
  }

  @Test
  void enabledWithoutWebhookIsAConfigError() {
    Settings settings = Settings.of(NotifyKeys.SCHEMA, Map.of("notify.slack.enabled", "true"));

    assertThatThrownBy(() -> SlackConfig.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot enable notify.slack.enabled: neither notify.slack.webhook-url nor"
                + " notify.slack.webhook-secret is set");
  }

  @Test
  void webhookIsRedactedEverywhere() {
    Settings settings = settings(true);

    assertThat(String.join("\n", settings.describe()))
        .contains("notify.slack.webhook-url = ****")
        .doesNotContain("secret-token");
    assertThat(SlackConfig.from(settings).toString()).doesNotContain("secret-token");
    assertThatThrownBy(
            () ->
                SlackConfig.from(
                    Settings.of(
                        NotifyKeys.SCHEMA,
                        Map.of(
                            "notify.slack.enabled", "true",
                            "notify.slack.webhook-url", "ftp://hooks/secret-token"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot use notify.slack.webhook-url: expected an https:// URL");
  }

  private SlackConfig config(boolean onSuccess) {
    return SlackConfig.from(settings(onSuccess));
  }

  private Settings settings(boolean onSuccess) {
    return Settings.of(
        NotifyKeys.SCHEMA,
        Map.of(
            "notify.slack.enabled",
            "true",
            "notify.slack.webhook-url",
            "http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/services/T000/B000/secret-token",
            "notify.slack.on-success",
            String.valueOf(onSuccess),
            "notify.slack.timeout",
            "5s"));
  }

  private static RunReport report(RunStatus status) {
    return new RunReport(
        new RunHeader<>(
            "20240501T000000Z-abc",
            "flights-raw-to-refined",
            status,
            Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T00:01:00Z"),
            status == RunStatus.FAILED
                ? Optional.of("Cannot read source.path s3://raw/flights: not found")
                : Optional.empty()),
        RunInputs.NONE,
        status == RunStatus.FAILED ? RunCounts.ZERO : new RunCounts(10, 8, 1, 1),
        List.of(),
        new RunOutputs(
            "s3://refined/flights", Optional.empty(), "s3://refined/flights/_reports/r.json"),
        Map.of("total", 60_000L),
        List.of(),
        List.of());
  }
}
