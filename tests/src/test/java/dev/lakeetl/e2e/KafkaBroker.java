package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker for the tests: a single KRaft node (broker and controller) from the Kafka
 * jars on the test class path, run as its own JVM on free 127.0.0.1 ports. It can be stopped and
 * started again on the same ports and log folder, as a broker restart in production.
 */
final class KafkaBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Path folder;
  private final Path properties;
  private final int port;
  private final AtomicInteger produced = new AtomicInteger();
  private Process process;

  private KafkaBroker(Path folder, Path properties, int port) {
    this.folder = folder;
    this.properties = properties;
    this.port = port;
  }

  /** Formats a new log folder under {@code folder} and starts the broker. */
  static KafkaBroker start(Path folder) throws IOException {
    requireNonNull(folder, "folder is null");
    int port = freePort();
    int controllerPort = freePort();
    Path logs = Files.createDirectories(folder.resolve("kafka-logs"));
    Path properties = folder.resolve("server.properties");
    Files.write(
        properties,
        List.of(
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + logs,
            "num.partitions=2",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false"),
        StandardCharsets.UTF_8);
    KafkaBroker broker = new KafkaBroker(folder, properties, port);
    Process format =
        broker
            .java(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                properties.toString())
            .redirectOutput(Repository.logFolder().resolve("kafka-format.log").toFile())
            .start();
    try {
      if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
        throw new IllegalStateException(
            "Cannot format the Kafka log folder; see "
                + Repository.logFolder().resolve("kafka-format.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
    }
    broker.startProcess();
    return broker;
  }

  /** {@code 127.0.0.1:<port>}. */
  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Creates a topic and waits until it exists. */
  void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends every payload to {@code topic}, round-robin over its partitions (continued from the last
   * call), and waits for the acks. Kafka's default partitioner would send runs of records to one
   * partition; round-robin keeps each partition's records spread evenly over the payloads, so a
   * reader that takes the same share of every partition sees event times that grow together.
   */
  void produce(String topic, List<byte[]> payloads) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      int partitions = producer.partitionsFor(topic).size();
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (byte[] payload : payloads) {
        int partition = Math.floorMod(produced.getAndIncrement(), partitions);
        sent.add(producer.send(new ProducerRecord<>(topic, partition, null, payload)));
      }
      for (java.util.concurrent.Future<?> ack : sent) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot produce to " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends every payload to {@code topic} in one transaction and aborts it: the records stay in the
   * log, and only a read_uncommitted consumer returns them.
   */
  void produceAborted(String topic, List<byte[]> payloads) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lakeetl-test-aborted-" + topic);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (byte[] payload : payloads) {
        producer.send(new ProducerRecord<>(topic, null, payload));
      }
      producer.flush();
      producer.abortTransaction();
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot produce an aborted transaction to " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Stops the broker process (SIGTERM: a controlled shutdown) and waits for it to exit. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the stopped broker again on the same ports and data. */
  void restart() throws IOException {
    stop();
    startProcess();
  }

  @Override
  public void close() {
    stop();
  }

  private void startProcess() throws IOException {
    Path log = Repository.logFolder().resolve("kafka-broker.log");
    process =
        java("kafka.Kafka", properties.toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start Kafka: the broker exited with " + process.exitValue() + "; see " + log);
      }
      if (ready()) {
        return;
      }
      sleep(500);
    }
    stop();
    throw new IllegalStateException(
        "Cannot start Kafka: not ready after " + START_TIMEOUT + "; see " + log);
  }

  private boolean ready() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
    } catch (IOException e) {
      return false;
    }
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            "10000",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            "5000"));
  }

  /** A JVM with this test JVM's class path, which holds the Kafka broker jars. */
  private ProcessBuilder java(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
