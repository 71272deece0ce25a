package dev.lakeetl.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A local HTTP server on 127.0.0.1 standing in for a Slack incoming webhook: records the posts. */
public final class SlackWebhookServer implements AutoCloseable {
  private static final String PATH = "/slack/hook";

  private final HttpServer server;
  private final List<String> posts = new ArrayList<>();

  private SlackWebhookServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a webhook that answers every post with 200 "ok". */
  public static SlackWebhookServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      SlackWebhookServer slack = new SlackWebhookServer(server);
      server.createContext(
          PATH,
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (slack) {
              slack.posts.add(body);
            }
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
          });
      server.start();
      return slack;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a local HTTP server", e);
    }
  }

  /** The webhook URL: {@code http://127.0.0.1:<port>/slack/hook}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** The bodies posted so far, in order. */
  public synchronized List<String> posts() {
    return List.copyOf(posts);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
