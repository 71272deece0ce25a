package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the S3 stand-in that records every request the clients send: method,
 * path, query, the headers that decide which IAM action a request needs ({@code
 * x-amz-copy-source}), and the keys of a multi-object delete. Bytes pass through unchanged in both
 * directions, so signatures stay valid; only the client's side is read, to find where one request
 * ends and the next begins on a kept-alive connection.
 */
final class S3RequestLog implements AutoCloseable {
  private static final Pattern DELETE_KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
  private static final int MAX_RECORDED_BODY = 1 << 20;

  /**
   * One request as the client sent it.
   *
   * @param method GET, PUT, POST, HEAD or DELETE
   * @param path the decoded path: {@code /bucket} or {@code /bucket/key}
   * @param query the raw query, empty when none
   * @param copySource the decoded {@code x-amz-copy-source} ({@code bucket/key}), empty when none
   * @param deletedKeys the keys of a multi-object delete ({@code POST ?delete}), else empty
   */
  record Request(
      String method, String path, String query, String copySource, List<String> deletedKeys) {
    Request {
      requireNonNull(method, "method is null");
      requireNonNull(path, "path is null");
      requireNonNull(query, "query is null");
      requireNonNull(copySource, "copySource is null");
      deletedKeys = List.copyOf(requireNonNull(deletedKeys, "deletedKeys is null"));
    }

    /** The bucket: the first path segment. */
    String bucket() {
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      int slash = trimmed.indexOf('/');
      return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    /** The object key, empty for a bucket request. */
    String key() {
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      int slash = trimmed.indexOf('/');
      return slash < 0 ? "" : trimmed.substring(slash + 1);
    }

    /** Whether the query has the parameter {@code name} (with or without a value). */
    boolean hasParameter(String name) {
      for (String parameter : query.split("&")) {
        if (parameter.equals(name) || parameter.startsWith(name + "=")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return method
          + " "
          + path
          + (query.isEmpty() ? "" : "?" + query)
          + (copySource.isEmpty() ? "" : " (copy of " + copySource + ")");
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();

  private S3RequestLog(ServerSocket server, InetSocketAddress upstream) {
    this.server = server;
    this.upstream = upstream;
  }

  /** Starts a proxy on a free 127.0.0.1 port in front of {@code upstreamEndpoint}. */
  static S3RequestLog start(String upstreamEndpoint) {
    URI uri = URI.create(upstreamEndpoint);
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      S3RequestLog log =
          new S3RequestLog(server, new InetSocketAddress(uri.getHost(), uri.getPort()));
      log.threads.execute(log::accept);
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the S3 request log", e);
    }
  }

  /** The proxy's endpoint, {@code http://127.0.0.1:<port>}: point the clients here. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The requests recorded so far, in the order their heads arrived. */
  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets what was recorded. */
  synchronized void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing is best effort.
    }
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> relay(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket target = new Socket(upstream.getAddress(), upstream.getPort())) {
      threads.execute(() -> pipe(target, client));
      InputStream in = client.getInputStream();
      OutputStream out = target.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        out.write(head);
        out.flush();
        Map<String, String> headers = new LinkedHashMap<>();
        String requestLine = parseHead(head, headers);
        byte[] body = forwardBody(in, out, headers, isMultiDelete(requestLine));
        record(requestLine, headers, body);
      }
    } catch (IOException e) {
      // The client or the stand-in closed the connection.
    }
  }

  private static boolean isMultiDelete(String requestLine) {
    return requestLine.startsWith("POST ") && requestLine.contains("?delete");
  }

  private synchronized void record(String requestLine, Map<String, String> headers, byte[] body) {
    String[] parts = requestLine.split(" ");
    URI target = URI.create(parts[1]);
    String copySource = headers.getOrDefault("x-amz-copy-source", "");
    if (!copySource.isEmpty()) {
      copySource = URI.create("/" + copySource.replaceFirst("^/", "")).getPath().substring(1);
    }
    List<String> deleted = new ArrayList<>();
    if (body != null) {
      Matcher key = DELETE_KEY.matcher(new String(body, StandardCharsets.UTF_8));
      while (key.find()) {
        deleted.add(key.group(1));
      }
    }
    requests.add(
        new Request(
            parts[0],
            target.getPath(),
            target.getRawQuery() == null ? "" : target.getRawQuery(),
            copySource,
            deleted));
  }

  /** Reads up to and including the blank line ending a request head; null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int next = in.read();
      if (next < 0) {
        return null;
      }
      head.write(next);
      boolean expected = (matched % 2 == 0) ? next == '\r' : next == '\n';
      matched = expected ? matched + 1 : (next == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static String parseHead(byte[] head, Map<String, String> headers) {
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    for (int index = 1; index < lines.length; index++) {
      int colon = lines[index].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[index].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[index].substring(colon + 1).trim());
      }
    }
    return lines[0];
  }

  /** Forwards the request body; returns it when {@code keep} (small bodies only), else null. */
  private static byte[] forwardBody(
      InputStream in, OutputStream out, Map<String, String> headers, boolean keep)
      throws IOException {
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      while (true) {
        String sizeLine = readLine(in, out, kept);
        long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
        copy(in, out, size + 2, kept);
        if (size == 0) {
          return kept == null ? null : kept.toByteArray();
        }
      }
    }
    long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
    copy(in, out, length, kept);
    return kept == null ? null : kept.toByteArray();
  }

  private static String readLine(InputStream in, OutputStream out, ByteArrayOutputStream kept)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("end of stream in a chunked body");
      }
      out.write(next);
      if (kept != null) {
        kept.write(next);
      }
      if (previous == '\r' && next == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 1);
      }
      line.write(next);
      previous = next;
    }
  }

  private static void copy(
      InputStream in, OutputStream out, long length, ByteArrayOutputStream kept)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("end of stream in a request body");
      }
      out.write(buffer, 0, read);
      if (kept != null && kept.size() < MAX_RECORDED_BODY) {
        kept.write(buffer, 0, read);
      }
      left -= read;
    }
    out.flush();
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // One side closed: the relay ends with it.
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }
}
