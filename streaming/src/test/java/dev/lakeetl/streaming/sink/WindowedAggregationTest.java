package dev.lakeetl.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.streaming.decode.DecodeConfig;
import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.decode.SourceRows;
import dev.lakeetl.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windowed aggregates through a real stream (file source, file sink, watermark), compared with the
 * same sums computed in plain Java.
 */
class WindowedAggregationTest {
  private static final Instant START = Instant.parse("2001-01-01T06:00:00Z");
  private static final DecodeConfig DECODE =
      SourceRows.json("departure_time TIMESTAMP, origin STRING, delay INT", "departure_time");

  @TempDir Path folder;

  @Test
  void tumblingWindowsMatchAnIndependentComputation() throws Exception {
    SparkSession spark = TestSpark.session();
    Path input = Files.createDirectories(folder.resolve("input"));
    Random random = new Random(42);
    List<Row> first = new ArrayList<>();
    // window start epoch second + origin -> {count, delay sum}
    Map<String, long[]> expected = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      Instant departure = START.plusSeconds(random.nextInt(1000));
      String origin = random.nextBoolean() ? "SFO" : "JFK";
      int delay = random.nextInt(60) - 10;
      first.add(flight(i, departure, origin, delay));
      long windowStart = departure.getEpochSecond() / 100 * 100;
      long[] sums = expected.computeIfAbsent(windowStart + "/" + origin, key -> new long[2]);
      sums[0]++;
      sums[1] += delay;
    }
    // Far past the last window: moves the watermark so every window above is complete. The third
    // file's record, later still, completes this one's window too.
    List<Row> closing = List.of(flight(1000, START.plus(Duration.ofHours(1)), "SFO", 0));
    expected.put(START.plus(Duration.ofHours(1)).getEpochSecond() + "/SFO", new long[] {1, 0});
    WindowConfig windows =
        new WindowConfig(
            folder.resolve("windows").toString(),
            "100 seconds",
            Optional.empty(),
            "30 seconds",
            List.of("origin"),
            List.of("count(*) AS flights", "sum(delay) AS delay_sum"));
    Dataset<Row> refined =
        RefinedRows.refined(
            RecordDecoder.decode(
                spark.readStream().schema(SourceRows.SCHEMA).parquet(input.toString()),
                DECODE,
                DecodeSchemas.declared(DECODE)),
            "departure_time",
            false);

    StreamingQuery query =
        WindowedAggregation.aggregate(refined, "departure_time", windows)
            .writeStream()
            .format("parquet")
            .option("path", windows.path())
            .option("checkpointLocation", folder.resolve("checkpoint").toString())
            .partitionBy(WindowedAggregation.WINDOW_DATE)
            .trigger(Trigger.ProcessingTime(200))
            .start();
    try {
      write(spark, first, input.resolve("1"));
      query.processAllAvailable();
      write(spark, closing, input.resolve("2"));
      query.processAllAvailable();
      // A window is written by the batch after the one that moved the watermark past its end.
      write(
          spark,
          List.of(flight(1001, START.plus(Duration.ofHours(2)), "SFO", 0)),
          input.resolve("3"));
      query.processAllAvailable();
    } finally {
      query.stop();
    }

    Map<String, long[]> actual = new TreeMap<>();
    for (Row row :
        spark
            .read()
            .parquet(windows.path())
            .selectExpr(
                "unix_timestamp(window_start)",
                "unix_timestamp(window_end)",
                "origin",
                "flights",
                "delay_sum")
            .collectAsList()) {
      assertThat(row.getLong(1) - row.getLong(0)).isEqualTo(100);
      actual.put(
          row.getLong(0) + "/" + row.getString(2), new long[] {row.getLong(3), row.getLong(4)});
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, sums) -> assertThat(actual.get(key)).as(key).containsExactly(sums));
  }

  private static Row flight(int index, Instant departure, String origin, int delay) {
    String json =
        "{\"departure_time\":\""
            + departure
            + "\",\"origin\":\""
            + origin
            + "\",\"delay\":"
            + delay
            + "}";
    return RowFactory.create(
        json.getBytes(StandardCharsets.UTF_8), "flights/0/" + index, Timestamp.from(departure));
  }

  private static void write(SparkSession spark, List<Row> rows, Path staging) {
    // Written elsewhere and moved in, so the stream never sees a half-written folder.
    Path temporary = staging.getParent().getParent().resolve("staging-" + staging.getFileName());
    spark
        .createDataFrame(rows, SourceRows.SCHEMA)
        .coalesce(1)
        .write()
        .parquet(temporary.toString());
    try {
      for (Path file : Files.newDirectoryStream(temporary, "*.parquet")) {
        Files.move(file, staging.getParent().resolve(staging.getFileName() + ".parquet"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
