package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
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
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The source in Spark's real micro-batch engine against a Kinesis emulator: starting positions,
 * bounded batches, a shard split while the query runs, and restarts from the checkpoint, including
 * the re-run of a batch whose commit was lost.
 */
class KinesisSourceTest {
  private static final Map<String, List<Batch>> BATCHES = new ConcurrentHashMap<>();

  private static KinesisEmulator emulator;

  @TempDir Path temp;

  /** One row as the sink saw it, in the batch it came in. */
  record Received(
      long batchId,
      String data,
      String stream,
      String shardId,
      String sequenceNumber,
      String partitionKey,
      Instant arrival) {}

  record Batch(long batchId, List<Received> rows) {}

  @BeforeAll
  static void startEmulator() {
    emulator = KinesisEmulator.start();
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void trimHorizonReadsEveryRecordOnceInBoundedBatches() throws Exception {
    String stream = "trim-horizon";
    emulator.createStream(stream, 2);
    Map<String, PutRecordResponse> produced = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      produced.put("r" + i, emulator.put(stream, "key" + (i % 5), "r" + i));
    }

    StreamingQuery query =
        start(stream, Map.of("starting-position", "TRIM_HORIZON", "max-records-per-shard", "4"));
    query.processAllAvailable();
    Map<String, String> metrics = query.lastProgress().sources()[0].metrics();
    query.stop();

    assertThat(metrics)
        .containsEntry("shards", "2")
        .containsEntry("openShards", "2")
        .containsKey("maxMillisBehindLatest")
        .containsEntry("recordsRead", "25");
    // Each record is fetched once; the driver reads the first record of each shard to find it.
    assertThat(Long.parseLong(metrics.get("fetchedRecords"))).isBetween(25L, 25L + 2);
    assertThat(Long.parseLong(metrics.get("fetchedBytes")))
        .isLessThanOrEqualTo(Long.parseLong(metrics.get("recordBytesRead")) + 2 * "r24".length());

    List<Received> rows = rows(stream);
    assertThat(rows)
        .extracting(Received::data)
        .containsExactlyInAnyOrderElementsOf(produced.keySet());
    for (Received row : rows) {
      PutRecordResponse put = produced.get(row.data());
      assertThat(row.shardId()).isEqualTo(put.shardId());
      assertThat(row.sequenceNumber()).isEqualTo(put.sequenceNumber());
      assertThat(row.stream()).isEqualTo(stream);
      assertThat(row.partitionKey())
          .isEqualTo("key" + (Integer.parseInt(row.data().substring(1)) % 5));
      assertThat(row.arrival()).isNotNull();
    }
    // No batch reads more than max-records-per-shard records of any shard.
    for (Batch batch : BATCHES.get(stream)) {
      assertThat(batch.rows().stream().collect(Collectors.groupingBy(Received::shardId)).values())
          .allSatisfy(shardRows -> assertThat(shardRows).hasSizeLessThanOrEqualTo(4));
    }
    long busiestShard =
        rows.stream()
            .collect(Collectors.groupingBy(Received::shardId, Collectors.counting()))
            .values()
            .stream()
            .mapToLong(Long::longValue)
            .max()
            .orElseThrow();
    assertThat(BATCHES.get(stream)).hasSizeGreaterThanOrEqualTo((int) ((busiestShard + 3) / 4));
  }

  @Test
  void availableNowReadsWhatArrivedBeforeTheStartAndStops() throws Exception {
    String stream = "available-now";
    emulator.createStream(stream, 1);
    putAll(stream, "r-", 0, 7);

    StreamingQuery query =
        start(
            stream,
            Map.of("starting-position", "TRIM_HORIZON", "max-records-per-shard", "3"),
            temp.resolve("checkpoint-" + stream),
            Trigger.AvailableNow());

    // Generous: on a busy machine a micro-batch can take many seconds.
    assertThat(query.awaitTermination(600_000)).isTrue();
    assertThat(rows(stream))
        .extracting(Received::data)
        .containsExactlyInAnyOrder("r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6");
    assertThat(BATCHES.get(stream)).hasSize(3);
  }

  @Test
  void atTimestampStartsAtTheFirstRecordThatArrivedThen() throws Exception {
    String stream = "at-timestamp";
    emulator.createStream(stream, 2);
    putAll(stream, "before-", 0, 4);
    KinesisEmulator.pause(50);
    Instant start = Instant.now();
    KinesisEmulator.pause(50);
    putAll(stream, "after-", 0, 4);

    StreamingQuery query =
        start(
            stream, Map.of("starting-position", "AT_TIMESTAMP", "at-timestamp", start.toString()));
    query.processAllAvailable();
    query.stop();

    assertThat(rows(stream))
        .extracting(Received::data)
        .containsExactlyInAnyOrder("after-0", "after-1", "after-2", "after-3");
  }

  @Test
  void splitAndMergeWhileRunningReadParentsBeforeChildrenAndEveryRecordOnce() throws Exception {
    String stream = "reshard";
    emulator.createStream(stream, 1);
    StreamingQuery query =
        start(stream, Map.of("starting-position", "TRIM_HORIZON", "max-records-per-shard", "6"));
    List<String> produced = new ArrayList<>();
    int[] counters = new int[6];
    putCounted(stream, 18, counters, produced);
    // Split while the parent still has unread records (the query reads 6 per batch), then merge
    // the two children back while they may still have unread records too.
    List<Shard> children = emulator.split(stream, shards(stream).get(0));
    putCounted(stream, 18, counters, produced);
    assertThat(children).hasSize(2);
    emulator.merge(stream, children.get(0), children.get(1));
    putCounted(stream, 18, counters, produced);
    query.processAllAvailable();
    query.stop();

    List<Received> rows = rows(stream);
    assertThat(rows).extracting(Received::data).containsExactlyInAnyOrderElementsOf(produced);
    List<Shard> all = shards(stream);
    assertThat(all).hasSize(4);
    assertThat(rows.stream().map(Received::shardId).distinct()).hasSize(4);
    // Every record of a child comes in a later batch than every record of each of its parents.
    Map<String, Long> firstBatch = new HashMap<>();
    Map<String, Long> lastBatch = new HashMap<>();
    for (Received row : rows) {
      firstBatch.merge(row.shardId(), row.batchId(), Math::min);
      lastBatch.merge(row.shardId(), row.batchId(), Math::max);
    }
    for (Shard shard : all) {
      for (String parentId :
          Stream.of(shard.parentShardId(), shard.adjacentParentShardId())
              .filter(Objects::nonNull)
              .collect(Collectors.toList())) {
        assertThat(firstBatch.get(shard.shardId()))
            .as("first batch of %s after the last of its parent %s", shard.shardId(), parentId)
            .isGreaterThan(lastBatch.get(parentId));
      }
    }
    // Per key, batch order then sequence order gives the order the records were produced in.
    Map<String, List<Received>> byKey =
        rows.stream().collect(Collectors.groupingBy(Received::partitionKey));
    assertThat(byKey).hasSize(6);
    byKey.forEach(
        (key, keyRows) -> {
          List<Integer> counts =
              keyRows.stream()
                  .sorted(
                      Comparator.comparingLong(Received::batchId)
                          .thenComparing(row -> new BigInteger(row.sequenceNumber())))
                  .map(row -> Integer.parseInt(row.data().substring(row.data().indexOf(':') + 1)))
                  .collect(Collectors.toList());
          assertThat(counts).as("order of key %s", key).isSorted().doesNotHaveDuplicates();
        });
  }

  @Test
  void latestThenRestartsFromCheckpointReadNothingTwiceAndReRunALostBatchIdentically()
      throws Exception {
    String stream = "restart";
    emulator.createStream(stream, 2);
    putAll(stream, "before-start-", 0, 5);
    KinesisEmulator.pause(50);
    Path checkpoint = temp.resolve("checkpoint");
    Map<String, String> options =
        Map.of("starting-position", "LATEST", "max-records-per-shard", "3");

    StreamingQuery first = start(stream, options, checkpoint);
    first.processAllAvailable();
    putAll(stream, "a-", 0, 12);
    first.processAllAvailable();
    first.stop();
    List<Batch> firstRun = List.copyOf(BATCHES.get(stream));
    long lastBatch = firstRun.get(firstRun.size() - 1).batchId();

    // A crash after the sink wrote the last batch but before Spark committed it: on restart
    // Spark re-runs that batch from the offset log (for batch 0 from the initial offset).
    Files.delete(checkpoint.resolve("commits").resolve(Long.toString(lastBatch)));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve("." + lastBatch + ".crc"));
    putAll(stream, "b-", 0, 7);
    StreamingQuery second = start(stream, options, checkpoint);
    second.processAllAvailable();
    second.stop();

    List<Batch> all = BATCHES.get(stream);
    List<Batch> reRuns =
        all.subList(firstRun.size(), all.size()).stream()
            .filter(batch -> batch.batchId() == lastBatch)
            .collect(Collectors.toList());
    assertThat(reRuns).hasSize(1);
    assertThat(reRuns.get(0).rows())
        .containsExactlyInAnyOrderElementsOf(firstRun.get(firstRun.size() - 1).rows());
    // LATEST skips what arrived before the start; an idempotent sink keeps one copy per batch
    // id: every later record exactly once.
    Map<Long, Batch> latestPerBatch = new HashMap<>();
    all.forEach(batch -> latestPerBatch.put(batch.batchId(), batch));
    List<String> data =
        latestPerBatch.values().stream()
            .flatMap(batch -> batch.rows().stream())
            .map(Received::data)
            .collect(Collectors.toList());
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 12).forEach(i -> expected.add("a-" + i));
    IntStream.range(0, 7).forEach(i -> expected.add("b-" + i));
    assertThat(data).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(checkpoint.resolve("sources/0").resolve(InitialOffsetStore.FILE_NAME)).exists();
  }

  @Test
  void missingStreamFailsTheQueryNamingStreamAndRegion() throws Exception {
    StreamingQuery query = start("no-such-stream", Map.of("starting-position", "TRIM_HORIZON"));
    assertThatThrownBy(() -> query.awaitTermination(60_000))
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining("Kinesis stream 'no-such-stream' in region 'us-east-1'")
        .hasMessageContaining("does not exist");
  }

  @Test
  void badOptionsFailWhenTheDataFrameIsCreated() {
    assertThatThrownBy(
            () ->
                SharedSpark.session()
                    .readStream()
                    .format(KinesisSourceProvider.SHORT_NAME)
                    .option("starting-position", "EARLIEST")
                    .option("stream", "s")
                    .load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read Kinesis: option 'starting-position' is 'EARLIEST', expected one of"
                + " TRIM_HORIZON, LATEST, AT_TIMESTAMP");
  }

  private StreamingQuery start(String stream, Map<String, String> options) throws TimeoutException {
    return start(stream, options, temp.resolve("checkpoint-" + stream));
  }

  private StreamingQuery start(String stream, Map<String, String> options, Path checkpoint)
      throws TimeoutException {
    return start(stream, options, checkpoint, Trigger.ProcessingTime(0));
  }

  private StreamingQuery start(
      String stream, Map<String, String> options, Path checkpoint, Trigger trigger)
      throws TimeoutException {
    SparkSession spark = SharedSpark.session();
    BATCHES.putIfAbsent(stream, new CopyOnWriteArrayList<>());
    VoidFunction2<Dataset<Row>, Long> collect =
        (batch, batchId) -> BATCHES.get(stream).add(new Batch(batchId, received(batch, batchId)));
    return spark
        .readStream()
        .format(KinesisSourceProvider.SHORT_NAME)
        .option("stream", stream)
        .option("region", KinesisEmulator.REGION)
        .option("endpoint", emulator.endpoint().toString())
        .option("idle-poll-interval", "100ms")
        .options(options)
        .load()
        .writeStream()
        .option("checkpointLocation", checkpoint.toString())
        .foreachBatch(collect)
        .trigger(trigger)
        .start();
  }

  private static List<Received> received(Dataset<Row> batch, long batchId) {
    return batch.collectAsList().stream()
        .map(
            row ->
                new Received(
                    batchId,
                    new String((byte[]) row.getAs("data"), StandardCharsets.UTF_8),
                    row.getAs("stream"),
                    row.getAs("shard_id"),
                    row.getAs("sequence_number"),
                    row.getAs("partition_key"),
                    row.getAs("approximate_arrival_timestamp") == null
                        ? null
                        : ((java.sql.Timestamp) row.getAs("approximate_arrival_timestamp"))
                            .toInstant()))
        .collect(Collectors.toList());
  }

  private static List<Received> rows(String stream) {
    return BATCHES.getOrDefault(stream, List.of()).stream()
        .flatMap(batch -> batch.rows().stream())
        .collect(Collectors.toList());
  }

  private static void putAll(String stream, String prefix, int from, int to) {
    for (int i = from; i < to; i++) {
      emulator.put(stream, "key" + i, prefix + i);
    }
  }

  /** Puts records "key&lt;k&gt;:&lt;n&gt;" over 6 keys, n counting the records of key k. */
  private static void putCounted(
      String stream, int records, int[] counters, List<String> produced) {
    for (int i = 0; i < records; i++) {
      int key = i % counters.length;
      String data = "key" + key + ":" + counters[key]++;
      emulator.put(stream, "key" + key, data);
      produced.add(data);
    }
  }

  private static List<Shard> shards(String stream) {
    return emulator.shards(stream);
  }
}
