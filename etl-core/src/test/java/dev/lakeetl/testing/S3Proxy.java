package dev.lakeetl.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 API for the tests: s3proxy, started as its own process on a free 127.0.0.1 port with an
 * in-memory store and signed (v2 or v4) requests.
 *
 * <p>The s3proxy jar is the path in system property {@code lakeetl.s3proxy.jar}, which the poms of
 * the modules using this class give Surefire. This class uses no AWS SDK or Hadoop type, so that
 * every module can use it whatever its class path.
 */
public final class S3Proxy implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final String endpoint;
  private final String identity;
  private final String credential;
  private final Path logFile;

  private S3Proxy(
      Process process, String endpoint, String identity, String credential, Path logFile) {
    this.process = process;
    this.endpoint = endpoint;
    this.identity = identity;
    this.credential = credential;
    this.logFile = logFile;
  }

  /**
   * Starts s3proxy and waits until it accepts connections.
   *
   * @param workFolder holds the properties file
   * @param identity access key clients must sign with
   * @param credential secret key clients must sign with
   * @param logFile receives s3proxy's output
   */
  public static S3Proxy start(Path workFolder, String identity, String credential, Path logFile)
      throws IOException {
    requireNonNull(workFolder, "workFolder is null");
    requireNonNull(identity, "identity is null");
    requireNonNull(credential, "credential is null");
    requireNonNull(logFile, "logFile is null");
    String jar = System.getProperty("lakeetl.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "Cannot start s3proxy: system property lakeetl.s3proxy.jar is '"
              + jar
              + "', not a file; run the tests through Maven (./mvnw verify)");
    }
    int port = freePort();
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = workFolder.resolve("s3proxy.properties");
    Files.write(
        properties,
        List.of(
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + identity,
            "s3proxy.credential=" + credential,
            "jclouds.provider=transient-nio2",
            "jclouds.identity=" + identity,
            "jclouds.credential=" + credential),
        StandardCharsets.UTF_8);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Xmx512m", "-jar", jar, "--properties", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    S3Proxy proxy = new S3Proxy(process, endpoint, identity, credential, logFile);
    proxy.awaitListening(port);
    return proxy;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String endpoint() {
    return endpoint;
  }

  /** The access key clients sign with. */
  public String identity() {
    return identity;
  }

  /** The secret key clients sign with. */
  public String credential() {
    return credential;
  }

  /**
   * The Hadoop settings with which S3A reaches this proxy: its endpoint and credentials, path-style
   * addressing, plain HTTP.
   */
  public Map<String, String> s3aSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.access.key", identity);
    settings.put("fs.s3a.secret.key", credential);
    settings.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    return settings;
  }

  /** Stops s3proxy and anything it started. */
  @Override
  public void close() {
    ProcessTree.destroy(process);
  }

  private void awaitListening(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start s3proxy: it exited with code "
                + process.exitValue()
                + "; log "
                + logFile
                + ":\n"
                + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    close();
    throw new IllegalStateException(
        "Cannot start s3proxy: not listening on " + endpoint + " after " + START_TIMEOUT);
  }

  private String log() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for s3proxy", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }
}
