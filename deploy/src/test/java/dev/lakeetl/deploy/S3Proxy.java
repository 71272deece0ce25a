package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 API: s3proxy as its own process on a free 127.0.0.1 port, in-memory, signed requests.
 */
final class S3Proxy implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private S3Proxy(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts s3proxy accepting the credentials of {@link Cli#CREDENTIALS}. */
  static S3Proxy start(Path folder) throws IOException, InterruptedException {
    requireNonNull(folder, "folder is null");
    String jar = System.getProperty("lakeetl.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "Cannot start s3proxy: system property lakeetl.s3proxy.jar is '"
              + jar
              + "'; run the tests through Maven");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String identity = Cli.CREDENTIALS.resolveCredentials().accessKeyId();
    String credential = Cli.CREDENTIALS.resolveCredentials().secretAccessKey();
    Path properties = folder.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + identity,
            "s3proxy.credential=" + credential,
            "jclouds.provider=transient-nio2",
            "jclouds.identity=" + identity,
            "jclouds.credential=" + credential),
        StandardCharsets.UTF_8);
    Path log = folder.resolve("s3proxy.log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Xmx256m", "-jar", jar, "--properties", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3Proxy proxy = new S3Proxy(process, URI.create("http://127.0.0.1:" + port), log);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cannot start s3proxy:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return proxy;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    proxy.close();
    throw new IllegalStateException("Cannot start s3proxy: not listening after " + START_TIMEOUT);
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("Interrupted stopping s3proxy; log " + log));
    }
  }
}
