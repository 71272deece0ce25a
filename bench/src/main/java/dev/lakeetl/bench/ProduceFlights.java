package dev.lakeetl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends NDJSON flight records to a Kafka topic, one record per line, cycling through the files
 * until {@code count} records are sent. Creates the topic when it does not exist.
 *
 * <p>Usage: {@code ProduceFlights <bootstrap servers> <topic> <partitions> <count> <ndjson
 * file>...}
 */
public final class ProduceFlights {
  private ProduceFlights() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println(
          "Usage: ProduceFlights <bootstrap servers> <topic> <partitions> <count> <ndjson file>...");
      System.exit(2);
    }
    String servers = args[0];
    String topic = args[1];
    int partitions = Integer.parseInt(args[2]);
    long count = Long.parseLong(args[3]);
    List<Path> files = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    createTopic(servers, topic, partitions);

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long sent = 0;
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      while (sent < count) {
        long before = sent;
        for (Path file : files) {
          try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while (sent < count && (line = lines.readLine()) != null) {
              if (!line.isBlank()) {
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
                sent++;
              }
            }
          } catch (IOException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
          }
        }
        if (sent == before) {
          throw new IllegalArgumentException("Cannot produce: the files " + files + " are empty");
        }
      }
      producer.flush();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "Produced %,d records to %s in %.1f s (%,.0f records/s)%n",
        sent,
        topic,
        seconds,
        sent / seconds);
  }

  private static void createTopic(String servers, String topic, int partitions)
      throws InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      System.out.printf("Created topic %s with %d partitions%n", topic, partitions);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getMessage(), e);
      }
    }
  }
}
