package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.streaming.decode.DecodeConfig;
import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.decode.SourceRows;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.sink.EventPartitioning;
import dev.lakeetl.streaming.sink.OnePassSink;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.LogLines;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * The Kinesis emulator stopped and started again, on the same port with the data it had, while a
 * query reads it in bounded batches and writes through the job's one-pass sink. While the port
 * refuses connections the source retries its calls (ListShards, GetShardIterator, GetRecords) with
 * backoff and a WARN line each; once the emulator is back the query goes on by itself. Outlasting
 * the retries fails the query with one line naming the call and the stream (and the shard, for a
 * shard's call), and a restart from the checkpoint goes on. Either way the refined table, read by
 * path, holds every record put before and after the outage exactly once, with the shard and
 * sequence number Kinesis gave it.
 */
class KinesisEmulatorRestartTest {
  private static final String EVENT_TIME = "departure_time";
  private static final DecodeConfig JSON =
      SourceRows.json("id INT, departure_time TIMESTAMP", EVENT_TIME);
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How long the emulator stays down: the source's calls keep failing meanwhile. */
  private static final long OUTAGE_MILLIS = 1000;

  @TempDir static Path emulatorData;

  private static KinesisEmulator emulator;

  @TempDir Path folder;

  private final Map<Integer, PutRecordResponse> produced = new TreeMap<>();

  @BeforeAll
  static void startEmulator() {
    emulator = KinesisEmulator.startPersistent(emulatorData);
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void aQueryReadingDuringARestartRetriesAndWritesEveryRecordOnce() throws Exception {
    String stream = "restart";
    emulator.createStream(stream, 2);
    put(stream, 0, 10);
    OnePassSink sink = sink();

    try (LogLines retries = LogLines.of(ThrottlingRetry.class)) {
      StreamingQuery query = start(stream, sink, Map.of());
      // Mid-stream: a batch is written, records are still to be read.
      await(query, "a first batch", () -> sink.thisRun().refined() > 0);
      assertThat(sink.thisRun().refined()).isLessThan(10);

      emulator.stop();
      Thread.sleep(OUTAGE_MILLIS);
      emulator.startAgain();
      put(stream, 10, 20);

      await(query, "all 20 records", () -> sink.thisRun().refined() >= 20);
      query.stop();

      assertThat(query.exception().isEmpty()).as("the query ran without a failure").isTrue();
      assertRefined(stream, 20);
      // The query met the outage and rode it out: the calls that failed were retried, saying so.
      assertThat(retries.lines())
          .isNotEmpty()
          .allSatisfy(
              line ->
                  assertThat(line)
                      .startsWith("WARN Cannot reach Kinesis (")
                      .contains("of Kinesis stream '" + stream + "' in region 'us-east-1'")
                      .doesNotContain("\n"));
    }
  }

  @Test
  void anOutageLongerThanTheRetriesFailsTheQueryNamingTheCallAndARestartGoesOn() throws Exception {
    String stream = "outage";
    emulator.createStream(stream, 2);
    put(stream, 0, 10);
    Map<String, String> fewRetries = Map.of("max-retries", "2", "retry-backoff", "50ms");
    OnePassSink sink = sink();

    StreamingQuery query = start(stream, sink, fewRetries);
    await(query, "a first batch", () -> sink.thisRun().refined() > 0);
    emulator.stop();
    try {
      StreamingQueryException failure = awaitFailure(query);
      KinesisReadException cause = kinesisReadException(failure);
      assertThat(cause.getMessage())
          .matches(
              "Cannot (list the shards|get an iterator for shard shardId-\\d+|read records of"
                  + " shard shardId-\\d+) of Kinesis stream '"
                  + stream
                  + "' in region 'us-east-1'.*: Kinesis still unreachable after 2 retries"
                  + " \\(raise option 'max-retries' or 'retry-backoff' to wait longer\\): .*")
          .doesNotContain("\n");
    } finally {
      emulator.startAgain();
    }
    put(stream, 10, 20);

    OnePassSink restarted = sink();
    restarted.loadTotals(SharedSpark.session().sparkContext().hadoopConfiguration());
    StreamingQuery again = start(stream, restarted, fewRetries);
    await(again, "all 20 records", () -> restarted.totals().refined() >= 20);
    again.stop();

    assertThat(again.exception().isEmpty()).as("the query ran without a failure").isTrue();
    assertRefined(stream, 20);
  }

  /** Flights {@code from} to {@code to} (exclusive), each keyed by its id over both shards. */
  private void put(String stream, int from, int to) {
    for (int id = from; id < to; id++) {
      produced.put(
          id,
          emulator.put(
              stream,
              "key-" + id,
              "{\"id\":" + id + ",\"departure_time\":\"2001-01-01T06:55:00Z\"}"));
    }
  }

  private OnePassSink sink() {
    return new OnePassSink(
        new OnePassSink.Layout(
            folder.resolve("refined").toString(),
            folder.resolve("quarantine").toString(),
            folder.resolve("checkpoint/sink").toString(),
            EVENT_TIME,
            EventPartitioning.DAILY,
            "snappy",
            1_000_000),
        BatchQuality.none(),
        Clock.systemUTC());
  }

  /** The source as the job reads it, in batches of at most 4 records per shard, into the sink. */
  private StreamingQuery start(String stream, OnePassSink sink, Map<String, String> options)
      throws Exception {
    SparkSession spark = SharedSpark.session();
    Map<String, String> all = new HashMap<>(options);
    all.put("stream", stream);
    all.put("region", KinesisEmulator.REGION);
    all.put("endpoint", emulator.endpoint().toString());
    all.put("starting-position", "TRIM_HORIZON");
    all.put("max-records-per-shard", "4");
    all.put("idle-poll-interval", "100ms");
    return RecordDecoder.decode(
            SourceRecords.fromKinesis(
                spark.readStream().format(KinesisSourceProvider.SHORT_NAME).options(all).load()),
            JSON,
            DecodeSchemas.declared(JSON))
        .writeStream()
        .queryName("kinesis-" + stream)
        .option("checkpointLocation", folder.resolve("checkpoint/refined").toString())
        .trigger(Trigger.ProcessingTime(0))
        .foreachBatch(sink)
        .start();
  }

  private static List<Integer> duckDbIds(String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<Integer> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * The refined table by path holds flights 0 to {@code count} (exclusive) once each, each from the
   * shard and with the sequence number Kinesis gave it, and the quarantine holds nothing.
   */
  private void assertRefined(String stream, int count) {
    SparkSession spark = SharedSpark.session();
    List<Row> refined =
        spark
            .read()
            .parquet(folder.resolve("refined").toString())
            .select("id", SourceRecords.POSITION)
            .collectAsList();
    Map<Integer, List<String>> positions =
        refined.stream()
            .collect(
                Collectors.groupingBy(
                    row -> row.getInt(0),
                    TreeMap::new,
                    Collectors.mapping(row -> row.getString(1), Collectors.toList())));
    Map<Integer, List<String>> expected = new TreeMap<>();
    produced.forEach(
        (id, put) ->
            expected.put(id, List.of(stream + "/" + put.shardId() + "/" + put.sequenceNumber())));
    assertThat(produced).hasSize(count);
    assertThat(positions).as("every flight once, from where Kinesis put it").isEqualTo(expected);
    // DuckDB lists the files itself, with the glob docs/streaming.md recommends: no staged or
    // duplicate file may show.
    assertThat(
            duckDbIds(
                "SELECT id FROM read_parquet('"
                    + folder.resolve("refined")
                    + "/event_date=*/*.parquet') ORDER BY id"))
        .as("DuckDB: every flight once")
        .isEqualTo(List.copyOf(expected.keySet()));
    Path quarantine = folder.resolve("quarantine");
    if (Files.exists(quarantine)) {
      assertThat(spark.read().parquet(quarantine.toString()).count()).isZero();
    }
  }

  private static void await(StreamingQuery query, String what, BooleanSupplier done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (query.exception().isDefined()) {
        throw new AssertionError("The query failed waiting for " + what, query.exception().get());
      }
      if (System.nanoTime() > deadline) {
        query.stop();
        throw new AssertionError("Still waiting for " + what + " after " + WAIT);
      }
      Thread.sleep(50);
    }
  }

  private static StreamingQueryException awaitFailure(StreamingQuery query) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (query.exception().isEmpty()) {
      if (System.nanoTime() > deadline) {
        query.stop();
        throw new AssertionError("The query still runs " + WAIT + " into the outage");
      }
      Thread.sleep(50);
    }
    return query.exception().get();
  }

  private static KinesisReadException kinesisReadException(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KinesisReadException kinesis) {
        return kinesis;
      }
    }
    throw new AssertionError("No KinesisReadException in the failure", failure);
  }
}
