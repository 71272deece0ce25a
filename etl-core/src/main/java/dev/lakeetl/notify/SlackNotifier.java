package dev.lakeetl.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.report.ReportStatus;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.report.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a run's summary to a Slack incoming webhook once the run report is written. A failed post,
 * or a webhook secret that cannot be read, is logged as a warning and never fails the run: the run
 * report is the record, the message only points to it. One notifier serves one run.
 */
public final class SlackNotifier implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(SlackNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlackConfig config;
  private final WebhookSource webhookSource;

  public SlackNotifier(SlackConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.webhookSource = new WebhookSource(config);
  }

  @Override
  public void runFinished(RunReport report) {
    notify(report);
  }

  /**
   * Posts the summary of {@code report} when notifications are on and its status is to be posted.
   *
   * @return whether Slack accepted a post (false when nothing was posted or the post failed)
   */
  public boolean notify(RunReport report) {
    requireNonNull(report, "report is null");
    return notify(
        report.runId(), report.job(), report.status(), RunReportWriter.summaryLine(report));
  }

  /**
   * Posts a finished run of any kind (batch or streaming) when notifications are on; a run that did
   * not fail is posted only when successes are posted too.
   *
   * @param status the final status
   * @param summary the run's one-line summary
   * @return whether Slack accepted a post (false when nothing was posted or the post failed)
   */
  public boolean notify(String runId, String job, ReportStatus status, String summary) {
    requireNonNull(runId, "runId is null");
    requireNonNull(job, "job is null");
    requireNonNull(status, "status is null");
    requireNonNull(summary, "summary is null");
    if (!config.enabled()) {
      return false;
    }
    if (!status.failed() && !config.onSuccess()) {
      LOG.info("Slack: run {} {}, posting failures only", runId, status);
      return false;
    }
    URI webhook;
    try {
      webhook = webhookSource.webhook();
    } catch (WebhookSource.UnavailableException e) {
      LOG.warn("Cannot post run {} to Slack: {}", runId, e.getMessage());
      return false;
    }
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
      HttpRequest request =
          HttpRequest.newBuilder(webhook)
              .timeout(config.timeout())
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      message(job, status, summary), StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        LOG.warn(
            "Cannot post run {} to Slack: HTTP {} {}",
            runId,
            response.statusCode(),
            abbreviate(response.body()));
        return false;
      }
      LOG.info("Posted run {} ({}) to Slack", runId, status);
      return true;
    } catch (IOException | RuntimeException e) {
      // The message of a connection failure may hold the webhook URL, which is the secret.
      LOG.warn("Cannot post run {} to Slack: {}", runId, e.getClass().getSimpleName());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Cannot post run {} to Slack: interrupted", runId);
      return false;
    }
  }

  /** The webhook payload of a batch run: {@code {"text": "<emoji> *job* STATUS\n<summary>"}}. */
  static String message(RunReport report) {
    return message(report.job(), report.status(), RunReportWriter.summaryLine(report));
  }

  /** The webhook payload: {@code {"text": "<emoji> *job* STATUS\n<summary>"}}. */
  static String message(String job, ReportStatus status, String summary) {
    String icon;
    if (status.failed()) {
      icon = ":x:";
    } else if (status == RunStatus.EMPTY) {
      icon = ":information_source:";
    } else {
      icon = ":white_check_mark:";
    }
    ObjectNode payload = JSON.createObjectNode();
    payload.put("text", icon + " *" + job + "* " + status.name() + "\n" + summary);
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the Slack message of " + job, e);
    }
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
