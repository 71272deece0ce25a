package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
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
import java.util.List;

/**
 * A real S3 API for the tests: s3proxy, started as its own process on a free 127.0.0.1 port with an
 * in-memory store and signed (v2 or v4) requests.
 */
final class S3Proxy implements AutoCloseable {
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
   */
  static S3Proxy start(Path workFolder, String identity, String credential) throws IOException {
    requireNonNull(workFolder, "workFolder is null");
    requireNonNull(identity, "identity is null");
    requireNonNull(credential, "credential is null");
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
    Path logFile = Repository.logFolder().resolve("s3proxy.log");
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
  String endpoint() {
    return endpoint;
  }

  /** An S3 client signed with this proxy's credentials, path-style addressing. */
  AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(
            new AWSStaticCredentialsProvider(new BasicAWSCredentials(identity, credential)))
        .build();
  }

  /** Stops s3proxy and anything it started. */
  @Override
  public void close() {
    EtlSubmit.destroyTree(process);
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
                + EtlSubmit.read(logFile));
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
