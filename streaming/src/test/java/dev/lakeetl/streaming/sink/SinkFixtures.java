package dev.lakeetl.streaming.sink;

import dev.lakeetl.streaming.decode.DecodeConfig;
import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.decode.SourceRows;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the one-pass sink tests share: the sink's layout in a test's folder, micro-batches of
 * decoded JSON flights, and what the sink left in its tables.
 */
final class SinkFixtures {
  static final String EVENT_TIME = "departure_time";
  static final DecodeConfig JSON =
      SourceRows.json("departure_time TIMESTAMP, origin STRING, delay INT", EVENT_TIME);

  private SinkFixtures() {}

  /**
   * A layout writing {@code refined} and {@code quarantine} in {@code folder}, partitioned by the
   * day of {@link #EVENT_TIME}, with the batch log in {@code checkpoint} (relative to {@code
   * folder}).
   */
  static OnePassSink.Layout layout(Path folder, String checkpoint) {
    return new OnePassSink.Layout(
        folder.resolve("refined").toString(),
        folder.resolve("quarantine").toString(),
        folder.resolve(checkpoint).toString(),
        EVENT_TIME,
        EventPartitioning.DAILY,
        "snappy",
        1_000_000);
  }

  /** The {@code payloads} of topic {@code topic} decoded as {@link #JSON}. */
  static Dataset<Row> decoded(String topic, Stream<String> payloads) {
    List<byte[]> bytes =
        payloads.map(text -> text.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
    return RecordDecoder.decode(SourceRows.of(topic, bytes), JSON, DecodeSchemas.declared(JSON));
  }

  /**
   * Three flights on two days, a malformed record and one without an event time, at positions
   * {@code <topic>/0/0} to {@code <topic>/0/4}.
   */
  static Dataset<Row> sampleBatch(String topic) {
    return decoded(
        topic,
        Stream.of(
            "{\"departure_time\":\"2001-01-01T06:55:00Z\",\"origin\":\"SFO\",\"delay\":12}",
            "{\"departure_time\":\"2001-01-01T08:10:00Z\",\"origin\":\"LAX\",\"delay\":0}",
            "{\"departure_time\":\"2001-01-02T23:10:00Z\",\"origin\":\"JFK\",\"delay\":-3}",
            "{\"departure_time\": \"2001-01-01T07:00:00Z\", \"origin\": ",
            "{\"origin\":\"SFO\",\"delay\":1}"));
  }

  /** The source positions of every row of {@code table}, sorted. */
  static List<String> positions(String table) {
    return SharedSpark.session()
        .read()
        .parquet(table)
        .select(SourceRecords.POSITION)
        .orderBy(SourceRecords.POSITION)
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .collect(Collectors.toList());
  }

  /** Visible data files (outside hidden folders) of {@code table}, sorted. */
  static List<Path> dataFiles(String table) {
    Path root = Path.of(table);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !root.relativize(file).toString().startsWith("_"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
