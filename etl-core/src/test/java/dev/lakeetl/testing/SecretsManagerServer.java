package dev.lakeetl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP endpoint on 127.0.0.1 that answers AWS Secrets Manager's GetSecretValue the way the
 * API reference describes it (JSON 1.1 protocol: {@code POST /}, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, body {@code {"SecretId": ...}}), and records every request. A
 * secret is found by its name or its ARN; any other id gets the API's ResourceNotFoundException.
 */
public final class SecretsManagerServer implements AutoCloseable {
  public static final String ACCOUNT = "123456789012";
  public static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request. */
  public record Request(
      String method, String path, Map<String, List<String>> headers, String body) {
    /** The first value of a header, case-insensitively; null when absent. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  private record Secret(String name, String arn, String value) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean holding;

  private SecretsManagerServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server with no secrets. */
  public static SecretsManagerServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool();
      SecretsManagerServer fake = new SecretsManagerServer(server, executor);
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a local HTTP server", e);
    }
  }

  /**
   * Adds a secret.
   *
   * @return its ARN, as Secrets Manager makes it: region, account, name and a random suffix
   */
  public String addSecret(String region, String name, String secretString) {
    String arn = "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + name + "-AbCdEf";
    secrets.put(name, new Secret(name, arn, secretString));
    return arn;
  }

  /** From now on, requests are recorded but not answered until {@link #close()}. */
  public void holdResponses() {
    holding = true;
  }

  /** The base URL, for {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request received so far, in order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            Map.copyOf(exchange.getRequestHeaders()),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    synchronized (this) {
      requests.add(request);
    }
    if (holding) {
      try {
        released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    if (!GET_SECRET_VALUE.equals(request.header("X-Amz-Target"))) {
      respond(exchange, 400, error("UnknownOperationException", "Unknown operation"));
      return;
    }
    JsonNode secretId = JSON.readTree(request.body()).path("SecretId");
    Secret secret = find(secretId.asText());
    if (secret == null) {
      respond(
          exchange,
          400,
          error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("ARN", secret.arn());
    body.put("Name", secret.name());
    body.put("VersionId", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
    body.put("SecretString", secret.value());
    body.putArray("VersionStages").add("AWSCURRENT");
    body.put("CreatedDate", 1.7e9);
    respond(exchange, 200, JSON.writeValueAsString(body));
  }

  private Secret find(String id) {
    Secret byName = secrets.get(id);
    if (byName != null) {
      return byName;
    }
    return secrets.values().stream()
        .filter(secret -> secret.arn().equals(id))
        .findFirst()
        .orElse(null);
  }

  private static String error(String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    return body.toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", "request-" + System.nanoTime());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
