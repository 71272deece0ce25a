package dev.lakeetl.streaming.kinesis;

import dev.lakeetl.aws.RetryableIoHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A real Kinesis API for tests: kinesis-local (kinesis-mock) from npm, run by node on 127.0.0.1 on
 * a free port. Installed on first use into {@code target/kinesis-emulator} with npm. It binds
 * 0.0.0.0 on fixed ports by default, so a preloaded script moves every listening socket to
 * 127.0.0.1 on a port the system picks and prints it. Credentials are dummy values in system
 * properties, read by the SDK's default provider chain as in production.
 *
 * <p>Shared with the end-to-end tests through this module's test-jar; there the install folder is
 * the {@code tests} module's {@code target/kinesis-emulator}.
 */
public final class KinesisEmulator implements AutoCloseable {
  public static final String PACKAGE = "kinesis-local@0.6.2";
  public static final String REGION = "us-east-1";

  private static final Path INSTALL_DIR = Paths.get("target", "kinesis-emulator").toAbsolutePath();
  private static final Path MAIN = INSTALL_DIR.resolve("node_modules/kinesis-local/main.js");
  // The ports the emulator asks for (its defaults); the preload reports what it got instead.
  private static final String PLAIN_PORT = "4568";
  private static final String TLS_PORT = "4567";
  private static final Pattern LISTENING = Pattern.compile("LISTENING (\\d+) (\\d+)");
  // Logged by the emulator's runtime whenever the machine is busy: noise in test output.
  private static final String STARVATION_WARNING = "Your app's responsiveness";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration RESHARD_DURATION = Duration.ofMillis(100);

  private static final String PRELOAD =
      String.join(
          "\n",
          "const net = require('net');",
          "const listen = net.Server.prototype.listen;",
          "net.Server.prototype.listen = function (...args) {",
          "  const server = this;",
          "  const requested = typeof args[0] === 'object' && args[0] !== null"
              + " ? args[0].port : args[0];",
          "  const callback = args.find((arg) => typeof arg === 'function');",
          "  server.once('listening', () =>"
              + " console.log('LISTENING ' + requested + ' ' + server.address().port));",
          "  const options = {port: 0, host: '127.0.0.1'};",
          "  return callback ? listen.call(server, options, callback) : listen.call(server, options);",
          "};",
          "");

  private final Process process;
  private final URI endpoint;
  private final KinesisClient client;

  private KinesisEmulator(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.client =
        KinesisClient.builder()
            .region(Region.of(REGION))
            .endpointOverride(endpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(RetryableIoHttpClient.builder(UrlConnectionHttpClient.builder()))
            .build();
  }

  /** Installs (once) and starts the emulator; sets dummy credentials for this JVM. */
  public static KinesisEmulator start() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    Path preload = install();
    try {
      ProcessBuilder builder =
          new ProcessBuilder("node", "-r", preload.toString(), MAIN.toString())
              .directory(INSTALL_DIR.toFile())
              .redirectErrorStream(true);
      Map<String, String> environment = builder.environment();
      environment.put("KINESIS_MOCK_PLAIN_PORT", PLAIN_PORT);
      environment.put("KINESIS_MOCK_TLS_PORT", TLS_PORT);
      // Needed even though the tests use plain HTTP only: the TLS listener loads it at start.
      environment.put("KINESIS_MOCK_CERT_PATH", MAIN.resolveSibling("server.json").toString());
      environment.put("LOG_LEVEL", "WARN");
      environment.put("AWS_REGION", REGION);
      for (String operation :
          List.of("CREATE_STREAM", "DELETE_STREAM", "SPLIT_SHARD", "MERGE_SHARDS")) {
        environment.put(operation + "_DURATION", RESHARD_DURATION.toMillis() + "ms");
      }
      Process process = builder.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread output =
          new Thread(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = reader.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                      if (matcher.group(1).equals(PLAIN_PORT)) {
                        port.complete(Integer.parseInt(matcher.group(2)));
                      }
                    } else if (!line.contains(STARVATION_WARNING)) {
                      System.err.println("[kinesis-emulator] " + line);
                    }
                  }
                } catch (IOException e) {
                  port.completeExceptionally(e);
                }
                port.completeExceptionally(
                    new IllegalStateException("the emulator exited before listening"));
              },
              "kinesis-emulator-output");
      output.setDaemon(true);
      output.start();
      int bound = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new KinesisEmulator(process, URI.create("http://127.0.0.1:" + bound));
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot start the Kinesis emulator " + PACKAGE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot start the Kinesis emulator: interrupted", e);
    }
  }

  private static synchronized Path install() {
    Path preload = INSTALL_DIR.resolve("listen-on-loopback.js");
    try {
      if (!Files.exists(MAIN)) {
        Files.createDirectories(INSTALL_DIR);
        List<String> command =
            List.of(
                "npm",
                "install",
                "--prefix",
                INSTALL_DIR.toString(),
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--loglevel=error",
                PACKAGE);
        // npm's output goes to a file and its stdin is closed, never inherited: the test JVM's
        // standard streams are Surefire's channel to Maven, and node puts the pipes it shares into
        // non-blocking mode, which breaks that channel ("std/in stream corrupted").
        Path log = INSTALL_DIR.resolveSibling("kinesis-emulator-npm.log");
        Process npm;
        try {
          npm =
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile())
                  .start();
        } catch (IOException e) {
          throw new IllegalStateException(
              "Cannot install the Kinesis emulator: npm is not on the PATH (the Kinesis tests need"
                  + " node >= 18 and npm to install "
                  + PACKAGE
                  + ")",
              e);
        }
        npm.getOutputStream().close();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          npm.destroyForcibly();
          throw new IllegalStateException(
              "Cannot install the Kinesis emulator: '"
                  + String.join(" ", command)
                  + "' failed; its output:\n"
                  + Files.readString(log, StandardCharsets.UTF_8));
        }
      }
      Files.writeString(preload, PRELOAD, StandardCharsets.UTF_8);
      return preload;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install the Kinesis emulator in " + INSTALL_DIR, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot install the Kinesis emulator: interrupted", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public KinesisClient client() {
    return client;
  }

  /** Creates a stream and waits until it is ACTIVE. */
  public void createStream(String stream, int shards) {
    client.createStream(request -> request.streamName(stream).shardCount(shards));
    awaitActive(stream);
  }

  public void awaitActive(String stream) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (client
            .describeStreamSummary(request -> request.streamName(stream))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Stream " + stream + " did not become ACTIVE");
      }
      pause(50);
    }
  }

  public PutRecordResponse put(String stream, String partitionKey, String data) {
    return client.putRecord(
        request ->
            request
                .streamName(stream)
                .partitionKey(partitionKey)
                .data(SdkBytes.fromUtf8String(data)));
  }

  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
