package dev.lakeetl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint on 127.0.0.1 that closes the first {@code drops} connections right after the
 * request headers, before the body and without an answer: what a client sees when it sends a
 * request on a keep-alive connection the server has already given up on. Later connections get an
 * empty 200 and are closed.
 */
public final class DroppingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final int drops;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  private DroppingServer(ServerSocket socket, int drops) {
    this.socket = socket;
    this.drops = drops;
    this.acceptor = new Thread(this::serve, "dropping-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server that drops its first {@code drops} connections. */
  public static DroppingServer dropping(int drops) {
    try {
      return new DroppingServer(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()), drops);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** Requests received so far, answered or dropped. */
  public int requests() {
    return requests.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        String headers = readHeaders(connection.getInputStream());
        if (requests.incrementAndGet() > drops) {
          answer(connection, headers);
        }
      } catch (IOException closedOrBroken) {
        // The next accept fails too once the socket is closed, which ends the loop.
      }
    }
  }

  /** Answers "Expect: 100-continue", reads the body, answers an empty 200. */
  private static void answer(Socket connection, String headers) throws IOException {
    OutputStream out = connection.getOutputStream();
    long length = 0;
    for (String line : headers.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      } else if (lower.startsWith("expect:") && lower.contains("100-continue")) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
    connection.getInputStream().readNBytes((int) length);
    out.write(
        "HTTP/1.1 200 OK\r\nETag: \"0\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("Connection closed inside the request headers");
      }
      headers.write(next);
      matched = next == end[matched] ? matched + 1 : (next == end[0] ? 1 : 0);
    }
    return headers.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
      acceptor.join(5_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
