package dev.lakeetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A local HTTP endpoint the real SDK clients talk to: it records every request and answers with
 * canned responses shaped like the AWS API reference, queued per operation (the Glue {@code
 * X-Amz-Target}, or {@code METHOD /path} for REST APIs). The last queued response of an operation
 * repeats.
 */
final class RecordingServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request. */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("Request body is not JSON: " + body, e);
      }
    }
  }

  /** A canned response. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final Function<Request, String> operationOf;
  private final Map<String, Deque<Response>> responses = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();

  private RecordingServer(HttpServer server, Function<Request, String> operationOf) {
    this.server = server;
    this.operationOf = operationOf;
  }

  /** A server for a JSON 1.1 API: operations are the X-Amz-Target header, e.g. AWSGlue.GetJob. */
  static RecordingServer jsonTarget() {
    return start(request -> request.header("X-Amz-Target"));
  }

  /** A server for a REST JSON API: operations are "METHOD /path". */
  static RecordingServer rest() {
    return start(request -> request.method() + " " + request.path());
  }

  private static RecordingServer start(Function<Request, String> operationOf) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RecordingServer recording = new RecordingServer(server, operationOf);
      server.createContext("/", recording::handle);
      server.start();
      return recording;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a local HTTP server", e);
    }
  }

  /** Queues a response for an operation. */
  RecordingServer respond(String operation, int status, String body) {
    return respond(operation, status, Map.of(), body);
  }

  RecordingServer respond(String operation, int status, Map<String, String> headers, String body) {
    responses
        .computeIfAbsent(operation, key -> new ArrayDeque<>())
        .addLast(new Response(status, headers, body));
    return this;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests of one operation, in order. */
  synchronized List<Request> requests(String operation) {
    return requests.stream()
        .filter(request -> operation.equals(operationOf.apply(request)))
        .toList();
  }

  /** The operations in the order they were called. */
  synchronized List<String> operations() {
    return requests.stream().map(operationOf).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Request request =
        new Request(
            exchange.getRequestMethod(),
            uri.getRawPath(),
            uri.getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    synchronized (this) {
      requests.add(request);
    }
    String operation = operationOf.apply(request);
    Deque<Response> queue = responses.get(operation);
    Response response;
    if (queue == null || queue.isEmpty()) {
      response =
          new Response(
              500,
              Map.of(),
              "{\"__type\":\"InternalServiceException\",\"message\":\"no response queued for "
                  + operation
                  + "\"}");
    } else {
      response = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
    }
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "request-" + requests.size());
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
