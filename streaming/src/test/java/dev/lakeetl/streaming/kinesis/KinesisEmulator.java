package dev.lakeetl.streaming.kinesis;

import dev.lakeetl.aws.RetryableIoHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A real Kinesis API for tests: kinesis-local (kinesis-mock) from npm, run by node on 127.0.0.1 on
 * a free port. Installed on first use into {@code target/kinesis-emulator} with npm. It binds
 * 0.0.0.0 on fixed ports by default, so a preloaded script moves every listening socket to
 * 127.0.0.1 on a port the system picks and prints it. Credentials are dummy values in system
 * properties, read by the SDK's default provider chain as in production.
 *
 * <p>{@link #startPersistent} keeps the emulator's streams and records in a folder (its
 * SHOULD_PERSIST_DATA), so {@link #stop} and {@link #startAgain} make an outage: the port refuses
 * connections in between, and the emulator comes back on the same port with every stream, shard and
 * record it had.
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
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PERSIST_INTERVAL = Duration.ofMillis(200);
  private static final String PERSIST_FILE = "kinesis-data.json";
  // Makes the preload close the listeners; it then prints PERSISTED once the data file is written.
  private static final String OUTAGE_SIGNAL = "SIGUSR2";
  private static final String PERSISTED = "PERSISTED AFTER " + OUTAGE_SIGNAL;
  // Read by the preload: the port the plain listener binds instead of one the system picks.
  private static final String BIND_PORT = "LAKEETL_KINESIS_EMULATOR_PORT";
  private static final Duration RESHARD_DURATION = Duration.ofMillis(100);

  private static final String PRELOAD =
      String.join(
          "\n",
          "const net = require('net');",
          "const listen = net.Server.prototype.listen;",
          // SIGUSR2 makes an outage: the listeners close and the open connections are reset,
          // so the port refuses connections from then on, while the process goes on and writes
          // its data to disk. (Its own shutdown, on SIGTERM, keeps serving until every
          // connection has closed, which a client that reconnects never lets happen.)
          "const servers = [];",
          "const sockets = new Set();",
          "let stopping = false;",
          "process.on('" + OUTAGE_SIGNAL + "', () => {",
          "  stopping = true;",
          "  servers.forEach((server) => server.close());",
          "  sockets.forEach((socket) => socket.destroy());",
          "});",
          // Its data is written to a file every PERSIST_INTERVAL: say when a write that started
          // after the outage began (so holds everything it will ever hold) is complete.
          "const fs = require('fs');",
          "const createWriteStream = fs.createWriteStream;",
          "fs.createWriteStream = function (path, ...rest) {",
          "  const stream = createWriteStream.call(fs, path, ...rest);",
          "  if (stopping && String(path).endsWith('" + PERSIST_FILE + "')) {",
          // The emulator removes every listener once the file is open: listen after it did.
          "    stream.once('ready', () => process.nextTick(() =>",
          "      stream.once('close', () => console.log('" + PERSISTED + "'))));",
          "  }",
          "  return stream;",
          "};",
          "net.Server.prototype.listen = function (...args) {",
          "  const server = this;",
          "  servers.push(server);",
          "  server.on('connection', (socket) => {",
          "    sockets.add(socket);",
          "    socket.on('close', () => sockets.delete(socket));",
          "  });",
          "  const requested = typeof args[0] === 'object' && args[0] !== null"
              + " ? args[0].port : args[0];",
          "  const callback = args.find((arg) => typeof arg === 'function');",
          "  server.once('listening', () =>"
              + " console.log('LISTENING ' + requested + ' ' + server.address().port));",
          "  const plain = String(requested) === process.env.KINESIS_MOCK_PLAIN_PORT;",
          "  const port = plain ? Number(process.env." + BIND_PORT + ") : 0;",
          "  const options = {port: port, host: '127.0.0.1'};",
          "  return callback ? listen.call(server, options, callback) : listen.call(server, options);",
          "};",
          "");

  private final Path dataFolder;
  private final int port;
  private final URI endpoint;
  private final KinesisClient client;
  private Process process;
  private CompletableFuture<Void> persisted;

  private KinesisEmulator(Path dataFolder, Started started) {
    this.dataFolder = dataFolder;
    this.process = started.process();
    this.persisted = started.persisted();
    this.port = started.port();
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.client =
        KinesisClient.builder()
            .region(Region.of(REGION))
            .endpointOverride(endpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(RetryableIoHttpClient.builder(UrlConnectionHttpClient.builder()))
            .build();
  }

  /**
   * A started emulator process, the port of its plain HTTP listener, and when it has written its
   * data after {@link #OUTAGE_SIGNAL}.
   */
  private record Started(Process process, int port, CompletableFuture<Void> persisted) {}

  /** Installs (once) and starts the emulator; sets dummy credentials for this JVM. */
  public static KinesisEmulator start() {
    return new KinesisEmulator(null, launch(null, 0));
  }

  /**
   * Like {@link #start()}, keeping the emulator's data in {@code dataFolder} (loaded from there if
   * it holds some), so that {@link #stop} and {@link #startAgain} keep every stream and record.
   */
  public static KinesisEmulator startPersistent(Path dataFolder) {
    return new KinesisEmulator(dataFolder, launch(dataFolder, 0));
  }

  /**
   * Stops the emulator process: from here on its port refuses connections, as an endpoint does in
   * an outage. A persistent emulator has written its data by the time this returns. The client
   * stays usable for after {@link #startAgain}.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Process stopping = process;
    process = null;
    try {
      if (dataFolder != null) {
        signal(stopping, OUTAGE_SIGNAL);
        persisted.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "The Kinesis emulator did not write its data within " + STOP_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot stop the Kinesis emulator: interrupted", e);
    } finally {
      // Its data, if kept, is written: nothing is lost by not waiting for its own shutdown.
      stopping.destroyForcibly();
    }
  }

  private static void signal(Process process, String name) throws InterruptedException {
    String signal = "-" + name.substring("SIG".length());
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(
            "Cannot signal the Kinesis emulator: kill " + signal + " exited " + kill.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot signal the Kinesis emulator: " + e.getMessage(), e);
    }
  }

  /** Starts a stopped persistent emulator again on the same port with the data it had. */
  public synchronized void startAgain() {
    if (dataFolder == null) {
      throw new IllegalStateException(
          "Cannot start the Kinesis emulator again: it keeps no data (use startPersistent)");
    }
    if (process != null) {
      throw new IllegalStateException("Cannot start the Kinesis emulator again: it is running");
    }
    Started started = launch(dataFolder, port);
    process = started.process();
    persisted = started.persisted();
  }

  /**
   * Starts a process; its plain listener on {@code port}, or on one the system picks when 0. With a
   * data folder, it loads its data from there and writes it back.
   */
  private static Started launch(Path dataFolder, int port) {
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
      environment.put(BIND_PORT, Integer.toString(port));
      // Needed even though the tests use plain HTTP only: the TLS listener loads it at start.
      environment.put("KINESIS_MOCK_CERT_PATH", MAIN.resolveSibling("server.json").toString());
      environment.put("LOG_LEVEL", "WARN");
      environment.put("AWS_REGION", REGION);
      for (String operation :
          List.of("CREATE_STREAM", "DELETE_STREAM", "SPLIT_SHARD", "MERGE_SHARDS")) {
        environment.put(operation + "_DURATION", RESHARD_DURATION.toMillis() + "ms");
      }
      if (dataFolder != null) {
        environment.put("SHOULD_PERSIST_DATA", "true");
        environment.put("LOAD_DATA_IF_EXISTS", "true");
        environment.put("PERSIST_PATH", dataFolder.toAbsolutePath().toString());
        environment.put("PERSIST_FILE_NAME", PERSIST_FILE);
        environment.put("PERSIST_INTERVAL", PERSIST_INTERVAL.toMillis() + "ms");
      }
      Process process = builder.start();
      CompletableFuture<Integer> bound = new CompletableFuture<>();
      CompletableFuture<Void> persisted = new CompletableFuture<>();
      Thread output =
          new Thread(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = reader.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (line.equals(PERSISTED)) {
                      persisted.complete(null);
                    } else if (matcher.find()) {
                      if (matcher.group(1).equals(PLAIN_PORT)) {
                        bound.complete(Integer.parseInt(matcher.group(2)));
                      }
                    } else if (!line.contains(STARVATION_WARNING)) {
                      System.err.println("[kinesis-emulator] " + line);
                    }
                  }
                } catch (IOException e) {
                  bound.completeExceptionally(e);
                }
                bound.completeExceptionally(
                    new IllegalStateException("the emulator exited before listening"));
              },
              "kinesis-emulator-output");
      output.setDaemon(true);
      output.start();
      return new Started(
          process, bound.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), persisted);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot start the Kinesis emulator "
              + PACKAGE
              + (port == 0 ? "" : " on port " + port + " again"),
          e);
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

  /** The shards of {@code stream}, open and closed, as the emulator lists them. */
  public List<Shard> shards(String stream) {
    return client.listShards(request -> request.streamName(stream)).shards();
  }

  /**
   * Splits {@code parent} at the middle of its hash key range and waits until the stream is ACTIVE
   * again; returns the children, lowest hash keys first.
   */
  public List<Shard> split(String stream, Shard parent) {
    BigInteger middle =
        new BigInteger(parent.hashKeyRange().startingHashKey())
            .add(new BigInteger(parent.hashKeyRange().endingHashKey()))
            .shiftRight(1);
    client.splitShard(
        request ->
            request
                .streamName(stream)
                .shardToSplit(parent.shardId())
                .newStartingHashKey(middle.toString()));
    awaitActive(stream);
    return shards(stream).stream()
        .filter(shard -> parent.shardId().equals(shard.parentShardId()))
        .sorted(
            Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey())))
        .collect(Collectors.toList());
  }

  /**
   * Merges two adjacent shards, {@code lower} the one with the lower hash keys, and waits until the
   * stream is ACTIVE again; returns the shards whose parent is {@code lower}: the merged one.
   */
  public List<Shard> merge(String stream, Shard lower, Shard higher) {
    client.mergeShards(
        request ->
            request
                .streamName(stream)
                .shardToMerge(lower.shardId())
                .adjacentShardToMerge(higher.shardId()));
    awaitActive(stream);
    return shards(stream).stream()
        .filter(shard -> lower.shardId().equals(shard.parentShardId()))
        .collect(Collectors.toList());
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
    stop();
  }
}
