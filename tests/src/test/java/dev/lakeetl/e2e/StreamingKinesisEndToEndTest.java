package dev.lakeetl.e2e;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.streaming.kinesis.KinesisEmulator;
import dev.lakeetl.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The streaming jar through the launcher against a Kinesis emulator, with records produced
 * continuously: the job is killed hard (SIGKILL) mid-stream and restarted from its checkpoint, a
 * shard is split and its children merged back while it runs, then it is stopped with the stop
 * marker. Every produced record must be in the refined table exactly once, every bad record in the
 * quarantine with its shard and sequence number.
 */
class StreamingKinesisEndToEndTest {
  private static final String STREAM = "flights";

  /** Records per PutRecords call and the pause between calls of the background producer. */
  private static final int PUT_BATCH = 10;

  private static final long PUT_PAUSE_MILLIS = 1000;

  @TempDir Path folder;

  @Test
  void exactlyOnceThroughAKillAndAShardSplitAndMerge() throws Exception {
    Repository.requireStreamingJar();
    Path target = folder.resolve("refined");
    Path quarantine = folder.resolve("quarantine");
    Path checkpoint = folder.resolve("checkpoint");
    Path reports = folder.resolve("reports");
    try (KinesisEmulator emulator = KinesisEmulator.start();
        Producer producer = new Producer(emulator.client())) {
      emulator.createStream(STREAM, 2);
      List<String> arguments =
          StreamingRuns.arguments(
              folder,
              "--source.type",
              "kinesis",
              "--source.kinesis.stream",
              STREAM,
              "--source.kinesis.region",
              KinesisEmulator.REGION,
              "--source.kinesis.endpoint",
              emulator.endpoint().toString(),
              "--source.kinesis.starting-position",
              "TRIM_HORIZON",
              "--source.kinesis.max-records-per-shard",
              "1000",
              // Windows are checked through a kill in the Kafka test.
              "--window.enabled",
              "false");
      // The SDK's default provider chain in the job reads these, as it would read a role's.
      Map<String, String> credentials =
          Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");

      // Flights flow in from here on; three bad records among the first ones.
      producer.put(bad("a"));
      producer.start();
      Process first = StreamingRuns.start("streaming-kinesis-1", credentials, arguments);
      Path refinedCommits = checkpoint.resolve("refined/commits");
      StreamingRuns.waitFor(
          "two committed batches", first, () -> StreamingRuns.files(refinedCommits) >= 2);
      first.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      long committedBeforeKill = StreamingRuns.files(refinedCommits);

      // Records keep arriving while the job is down; it resumes from its checkpoint.
      producer.put(bad("b"));
      Process second = StreamingRuns.start("streaming-kinesis-2", credentials, arguments);
      StreamingRuns.waitFor(
          "a batch after the restart",
          second,
          () -> StreamingRuns.files(refinedCommits) > committedBeforeKill);

      // Split a shard under the running job, wait until it reads a child, merge the children back
      // and wait until it reads their merged shard.
      SparkSession spark = SharedSpark.session();
      List<Shard> children = split(emulator);
      StreamingRuns.waitFor(
          "records from a child of the split shard",
          second,
          () ->
              rowsFrom(spark, target, children.get(0)) + rowsFrom(spark, target, children.get(1))
                  > 0);
      Shard merged = merge(emulator, children);
      StreamingRuns.waitFor(
          "records from the merged shard", second, () -> rowsFrom(spark, target, merged) > 0);
      int produced = producer.stop();

      StreamingRuns.waitFor(
          "all " + produced + " flights and 5 bad records written",
          second,
          () ->
              StreamingRuns.rows(spark, target) >= produced
                  && StreamingRuns.rows(spark, quarantine) >= 5);
      Files.createFile(checkpoint.resolve("STOP"));
      assertThat(second.waitFor(StreamingRuns.WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("the job stops after the stop marker")
          .isTrue();
      String log = EtlSubmit.read(Repository.logFolder().resolve("streaming-kinesis-2.log"));
      assertThat(second.exitValue()).as(log).isEqualTo(0);
      assertThat(log).contains("Stopping gracefully (stop marker");

      List<Row> refined =
          spark.read().parquet(target.toString()).select("id", "source_position").collectAsList();
      assertThat(refined.stream().map(row -> row.getInt(0)).sorted().collect(Collectors.toList()))
          .as("every flight exactly once")
          .isEqualTo(IntStream.range(0, produced).boxed().collect(Collectors.toList()));
      // Read from all 5 shards: the 2 first, the split one's 2 children and their merge.
      assertThat(
              refined.stream()
                  .map(row -> row.getString(1).split("/")[1])
                  .distinct()
                  .collect(Collectors.toList()))
          .hasSize(5);
      Row flight10 =
          spark.read().parquet(target.toString()).where("id = 10").collectAsList().get(0);
      assertThat(flight10.<String>getAs("origin")).isEqualTo(StreamedFlights.origin(10));
      assertThat(flight10.getAs("event_date").toString()).isEqualTo("2001-01-01");

      List<Row> rejected = spark.read().parquet(quarantine.toString()).collectAsList();
      assertThat(rejected).hasSize(5);
      for (Row row : rejected) {
        assertThat(row.<String>getAs("source_position")).matches("flights/shardId-\\d+/\\d+");
        assertThat(row.<String>getAs("reason")).isNotBlank();
      }
      List<String> reasons =
          rejected.stream().map(row -> row.<String>getAs("reason")).collect(Collectors.toList());
      assertThat(reasons).filteredOn(reason -> reason.startsWith("malformed JSON")).hasSize(2);
      assertThat(reasons).filteredOn(reason -> reason.startsWith("missing event time:")).hasSize(3);

      JsonNode report = StreamingRuns.latestReport(reports);
      assertThat(report.get("status").asText()).isEqualTo("STOPPED");
    }
  }

  /** Splits the first shard at its middle hash key; returns its two children, lowest first. */
  private static List<Shard> split(KinesisEmulator emulator) {
    List<Shard> children = emulator.split(STREAM, shards(emulator).get(0));
    assertThat(children).hasSize(2);
    return children;
  }

  /** Merges the two children back; returns the merged shard. */
  private static Shard merge(KinesisEmulator emulator, List<Shard> children) {
    List<Shard> merged = emulator.merge(STREAM, children.get(0), children.get(1));
    assertThat(merged).hasSize(1);
    return merged.get(0);
  }

  /** Refined rows committed so far that were read from {@code shard}. */
  private static long rowsFrom(SparkSession spark, Path target, Shard shard) {
    if (StreamingRuns.rows(spark, target) == 0) {
      return 0;
    }
    return spark
        .read()
        .parquet(target.toString())
        .where(col("source_position").startsWith(STREAM + "/" + shard.shardId() + "/"))
        .count();
  }

  private static List<Shard> shards(KinesisEmulator emulator) {
    return emulator.shards(STREAM);
  }

  /** Bad records: not JSON, or JSON without an event time ({@code a} gives 3, {@code b} 2). */
  private static List<String> bad(String batch) {
    List<String> payloads = new ArrayList<>();
    payloads.add("not json " + batch);
    payloads.add("{\"id\":-2,\"origin\":\"" + batch + "\"}");
    if (batch.equals("a")) {
      payloads.add("{\"id\":-3}");
    }
    return payloads;
  }

  /**
   * Puts flights 0, 1, 2... in small batches from a background thread until stopped, each with its
   * id as partition key so they spread over every shard. A record Kinesis rejects (throttled) is
   * put again, so the ids in the stream are exactly 0 to {@link #stop()}'s result.
   */
  private static final class Producer implements AutoCloseable {
    private final KinesisClient client;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;

    private Producer(KinesisClient client) {
      this.client = client;
      this.thread = new Thread(this::produce, "kinesis-producer");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /** Puts payloads now, on the caller's thread. */
    void put(List<String> payloads) {
      putAll(
          payloads.stream()
              .map(
                  payload ->
                      PutRecordsRequestEntry.builder()
                          .partitionKey(payload)
                          .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8))
                          .build())
              .collect(Collectors.toList()));
    }

    private void produce() {
      try {
        while (running.get()) {
          List<PutRecordsRequestEntry> entries = new ArrayList<>();
          for (int i = 0; i < PUT_BATCH; i++) {
            int id = next.getAndIncrement();
            entries.add(
                PutRecordsRequestEntry.builder()
                    .partitionKey(Integer.toString(id))
                    .data(SdkBytes.fromString(StreamedFlights.json(id), StandardCharsets.UTF_8))
                    .build());
          }
          putAll(entries);
          KinesisEmulator.pause(PUT_PAUSE_MILLIS);
        }
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }

    private void putAll(List<PutRecordsRequestEntry> entries) {
      List<PutRecordsRequestEntry> pending = entries;
      while (!pending.isEmpty()) {
        List<PutRecordsRequestEntry> sent = pending;
        PutRecordsResponse response =
            client.putRecords(request -> request.streamName(STREAM).records(sent));
        List<PutRecordsRequestEntry> failed = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
          if (response.records().get(i).errorCode() != null) {
            failed.add(sent.get(i));
          }
        }
        pending = failed;
      }
    }

    /** Stops producing; returns how many flights were put (ids 0 to the result, exclusive). */
    int stop() throws InterruptedException {
      running.set(false);
      thread.join(60_000);
      if (failure.get() != null) {
        throw failure.get();
      }
      assertThat(thread.isAlive()).as("the producer stopped").isFalse();
      return next.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(60_000);
    }
  }
}
