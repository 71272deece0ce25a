package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming jar through the launcher against a real Kafka broker: killed hard (SIGKILL) in the
 * middle of the stream and restarted from its checkpoint, the broker restarted while the job runs,
 * then stopped with the stop marker. Every produced record must be in the refined table exactly
 * once, every bad record in the quarantine with its position and reason, and every window the
 * watermark closed written once with the aggregates of an independent computation. Then the query's
 * checkpoint is reset and the job restarted from the latest offsets: every record produced after
 * that must arrive too.
 */
class StreamingKafkaEndToEndTest {
  private static final String TOPIC = "flights";

  @TempDir Path folder;

  @Test
  void exactlyOnceThroughAKillAndABrokerRestart() throws Exception {
    Repository.requireStreamingJar();
    Path target = folder.resolve("refined");
    Path quarantine = folder.resolve("quarantine");
    Path windows = folder.resolve("windows");
    Path checkpoint = folder.resolve("checkpoint");
    Path reports = folder.resolve("reports");
    try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(folder.resolve("kafka")))) {
      broker.createTopic(TOPIC, 2);
      List<String> arguments =
          StreamingRuns.arguments(
              folder,
              "--source.kafka.bootstrap-servers",
              broker.bootstrapServers(),
              "--source.kafka.max-offsets-per-trigger",
              "1000",
              "--window.path",
              windows.toString(),
              "--window.allowed-lateness",
              StreamedFlights.ALLOWED_LATENESS);

      // A: 3,000 flights (some gzip-compressed) and 3 bad records; the job is killed mid-way.
      broker.produce(TOPIC, flights(0, 3000));
      broker.produce(TOPIC, bad("a"));
      Process first = StreamingRuns.start("streaming-1", Map.of(), arguments);
      Path refinedCommits = checkpoint.resolve("refined/commits");
      StreamingRuns.waitFor(
          "two committed batches", first, () -> StreamingRuns.files(refinedCommits) >= 2);
      first.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      long committedBeforeKill = StreamingRuns.files(refinedCommits);

      // B while the job is down; then the job resumes from its checkpoint. Among B, a flight whose
      // delay breaks the shipped quarantine rule, in the window of flight 10, and an aborted
      // transaction of flights the job must never read.
      broker.produce(TOPIC, flights(3000, 4000));
      broker.produceAborted(TOPIC, flights(9000, 9100));
      broker.produce(TOPIC, bad("b"));
      broker.produce(TOPIC, List.of(IMPLAUSIBLE.getBytes(StandardCharsets.UTF_8)));
      Process second = StreamingRuns.start("streaming-2", Map.of(), arguments);
      StreamingRuns.waitFor(
          "a batch after the restart",
          second,
          () -> StreamingRuns.files(refinedCommits) > committedBeforeKill);

      // The broker goes away and comes back under the running job; C arrives after that.
      broker.restart();
      broker.produce(TOPIC, flights(4000, 4500));

      SparkSession spark = SharedSpark.session();
      long closedWindows = StreamedFlights.closedWindows(4500);
      StreamingRuns.waitFor(
          "all 4,500 flights, 6 quarantined records and the closed windows written",
          second,
          () ->
              StreamingRuns.rows(spark, target) >= 4500
                  && StreamingRuns.rows(spark, quarantine) >= 6
                  && StreamingRuns.rows(spark, windows) >= closedWindows);
      Files.createFile(checkpoint.resolve("STOP"));
      assertThat(second.waitFor(StreamingRuns.WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("the job stops after the stop marker")
          .isTrue();
      String log = EtlSubmit.read(Repository.logFolder().resolve("streaming-2.log"));
      assertThat(second.exitValue()).as(log).isEqualTo(0);
      assertThat(log).contains("Stopping gracefully (stop marker");
      assertThat(checkpoint.resolve("STOP")).doesNotExist();

      assertThat(ids(spark, target))
          .as("every flight exactly once")
          .isEqualTo(IntStream.range(0, 4500).boxed().collect(Collectors.toList()));
      assertThat(
              spark.read().parquet(target.toString()).select("source_position").distinct().count())
          .isEqualTo(4500);
      Row flight10 =
          spark.read().parquet(target.toString()).where("id = 10").collectAsList().get(0);
      assertThat(flight10.<String>getAs("origin")).isEqualTo(StreamedFlights.origin(10));
      assertThat(flight10.getAs("event_date").toString()).isEqualTo("2001-01-01");

      List<Row> rejected =
          spark.read().parquet(quarantine.toString()).orderBy("raw_payload_base64").collectAsList();
      assertThat(rejected).hasSize(6);
      for (Row row : rejected) {
        assertThat(row.<String>getAs("source_position")).matches("flights/[01]/\\d+");
        assertThat(row.<String>getAs("reason")).isNotBlank();
      }
      List<String> reasons =
          rejected.stream().map(row -> row.<String>getAs("reason")).collect(Collectors.toList());
      assertThat(reasons)
          .filteredOn(
              reason ->
                  reason.equals("missing event time: decode.event-time column 'date' is null"))
          .hasSize(2);
      assertThat(reasons).filteredOn(reason -> reason.startsWith("malformed JSON")).hasSize(2);
      assertThat(reasons)
          .filteredOn(reason -> reason.startsWith("cannot decompress gzip payload: "))
          .hasSize(1);
      assertThat(reasons)
          .filteredOn(reason -> reason.equals("failed quality rule 'delay-plausible'"))
          .hasSize(1);

      // The expected windows count every flight: the partitions, filled round-robin in event-time
      // order, are read in step, so no flight may fall behind the watermark.
      assertThat(EtlSubmit.read(Repository.logFolder().resolve("streaming-1.log")) + log)
          .as("no flight is late for its window")
          .doesNotContain("older than the windows' watermark");
      StreamedFlights.assertWindows(spark, windows, 4500);

      JsonNode report = StreamingRuns.latestReport(reports);
      assertThat(report.get("status").asText()).isEqualTo("STOPPED");
      assertThat(report.get("kind").asText()).isEqualTo("streaming");
      // Counts carried across the kill: every record read once, by both processes together.
      JsonNode counts = report.get("counts");
      assertThat(counts.get("read").asLong()).isEqualTo(4506);
      assertThat(counts.get("refined").asLong()).isEqualTo(4500);
      assertThat(counts.get("quarantined").asLong()).isEqualTo(6);
      assertThat(counts.get("windowRows").asLong()).isPositive();
      assertThat(counts.get("lateRows").asLong()).isZero();
      // The shipped rules, and the tally of quarantine.max-ratio (default 50%).
      assertThat(report.get("quality").findValuesAsText("rule"))
          .containsExactlyInAnyOrder(
              "origin-iata", "delay-plausible", "distance-plausible", "quarantine.max-ratio");
      // No batch is left half-moved: nothing staged, and the sink's log holds no manifest.
      assertThat(StreamingRuns.files(target.resolve("_staging"))).isZero();
      assertThat(StreamingRuns.files(quarantine.resolve("_staging"))).isZero();
      assertThat(StreamingRuns.files(windows.resolve("_staging"))).isZero();
      try (Stream<Path> sinkLog = Files.list(checkpoint.resolve("refined/sink"))) {
        assertThat(sinkLog.filter(Files::isRegularFile).map(path -> path.getFileName().toString()))
            .isNotEmpty()
            .allMatch(name -> name.endsWith(".commit"));
      }

      // D: the query's checkpoint is reset (Spark's advice after an incompatible change) and the
      // job restarts from the latest offsets; batch ids start at 0 again.
      StreamingRuns.delete(checkpoint.resolve("refined"));
      List<String> fromLatest = new ArrayList<>(arguments);
      fromLatest.addAll(List.of("--source.kafka.starting-offsets", "latest"));
      Process third = StreamingRuns.start("streaming-3", Map.of(), fromLatest);
      StreamingRuns.waitFor(
          "a batch after the reset", third, () -> StreamingRuns.files(refinedCommits) >= 1);
      broker.produce(TOPIC, flights(4500, 4600));
      StreamingRuns.waitFor(
          "the 100 flights produced after the reset",
          third,
          () -> StreamingRuns.rows(spark, target) >= 4600);
      Files.createFile(checkpoint.resolve("STOP"));
      assertThat(third.waitFor(StreamingRuns.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(ids(spark, target))
          .as("every flight exactly once, before and after the reset")
          .isEqualTo(IntStream.range(0, 4600).boxed().collect(Collectors.toList()));

      // DuckDB lists the files itself, with the globs docs/streaming.md recommends: it must see
      // the same rows (no staged or duplicate file), and each window once.
      assertThat(
              DuckDb.column(
                  "SELECT id FROM read_parquet('"
                      + target
                      + "/event_date=*/*.parquet') ORDER BY id"))
          .as("DuckDB: every flight exactly once")
          .isEqualTo(
              IntStream.range(0, 4600).mapToObj(String::valueOf).collect(Collectors.toList()));
      assertThat(
              DuckDb.column(
                  "SELECT count(*) FROM read_parquet('"
                      + quarantine
                      + "/arrival_date=*/*.parquet')"))
          .containsExactly("6");
      assertThat(
              DuckDb.column(
                  "SELECT count(*) || '/' || count(DISTINCT (window_start, origin)) FROM"
                      + " read_parquet('"
                      + windows
                      + "/window_date=*/*.parquet')"))
          .containsExactly(
              spark.read().parquet(windows.toString()).count()
                  + "/"
                  + spark.read().parquet(windows.toString()).count());
    }
  }

  private static List<Integer> ids(SparkSession spark, Path target) {
    return spark
        .read()
        .parquet(target.toString())
        .select("id")
        .orderBy("id")
        .collectAsList()
        .stream()
        .map(row -> row.getInt(0))
        .collect(Collectors.toList());
  }

  /**
   * A flight outside 0..4499 whose delay breaks the shipped rule delay-plausible (quarantine): in
   * the same window and origin as flight 10, so counting it would change that window.
   */
  private static final String IMPLAUSIBLE =
      StreamedFlights.json(10)
          .replace("\"id\":10,", "\"id\":99999,")
          .replaceFirst("\"delay\":-?\\d+", "\"delay\":99999");

  /** Flights {@code from} (inclusive) to {@code to}; every 7th gzip-compressed. */
  private static List<byte[]> flights(int from, int to) {
    List<byte[]> payloads = new ArrayList<>();
    for (int id = from; id < to; id++) {
      byte[] bytes = StreamedFlights.json(id).getBytes(StandardCharsets.UTF_8);
      payloads.add(id % 7 == 0 ? gzip(bytes) : bytes);
    }
    return payloads;
  }

  /** Not JSON, no event time, or broken compression: {@code a} gives 3 records, {@code b} 2. */
  private static List<byte[]> bad(String batch) {
    byte[] gzip = gzip("{\"id\":-1}".getBytes(StandardCharsets.UTF_8));
    byte[] truncated = java.util.Arrays.copyOf(gzip, gzip.length - 8);
    List<byte[]> payloads = new ArrayList<>();
    payloads.add(("not json " + batch).getBytes(StandardCharsets.UTF_8));
    payloads.add(("{\"id\":-2,\"origin\":\"" + batch + "\"}").getBytes(StandardCharsets.UTF_8));
    if (batch.equals("a")) {
      payloads.add(truncated);
    }
    return payloads;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
