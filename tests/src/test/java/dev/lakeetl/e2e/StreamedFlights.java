package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The flights the streaming end-to-end tests produce, and an independent computation of the
 * windowed aggregates conf/flights-streaming.yaml asks for (100-second windows per origin: count,
 * average and maximum delay). Flight {@code id} departs {@code id} minutes after 2001-01-01 00:00,
 * so event time grows with the id and a watermark never drops a flight produced in order and read
 * in step across partitions.
 */
final class StreamedFlights {
  static final String SCHEMA =
      "id INT, date TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING";
  static final String[] AIRPORTS = {"SFO", "JFK", "LAX", "ORD", "DTW", "LAS"};

  /** The window.allowed-lateness the tests run with: far more than a batch's spread. */
  static final String ALLOWED_LATENESS = "1 day";

  private static final Instant EPOCH = Instant.parse("2001-01-01T00:00:00Z");
  private static final long WINDOW_SECONDS = 100;
  private static final Duration LATENESS = Duration.ofDays(1);

  private StreamedFlights() {}

  /** Flight {@code id} as one JSON document. */
  static String json(int id) {
    return String.format(
        Locale.ROOT,
        "{\"id\":%d,\"date\":\"2001/01/%02d %02d:%02d\",\"delay\":%d,\"distance\":%d,"
            + "\"origin\":\"%s\",\"destination\":\"%s\"}",
        id,
        1 + id / (24 * 60),
        (id / 60) % 24,
        id % 60,
        delay(id),
        300 + id % 2000,
        origin(id),
        AIRPORTS[(id + 1) % AIRPORTS.length]);
  }

  static String origin(int id) {
    return AIRPORTS[id % AIRPORTS.length];
  }

  private static int delay(int id) {
    return id % 90 - 15;
  }

  /**
   * Checks the windowed output of flights 0 to {@code flights} (exclusive): each window row holds
   * exactly the count, average and maximum computed here, no window is written twice, and every
   * window the final watermark has closed (with a margin of one window for the last batch) is
   * there.
   */
  static void assertWindows(SparkSession spark, Path windows, int flights) {
    Map<String, long[]> expected = expected(flights);
    List<Row> rows =
        spark
            .read()
            .parquet(windows.toString())
            .selectExpr(
                "CAST(unix_timestamp(window_start) AS BIGINT) AS start",
                "origin",
                "flights",
                "avg_delay",
                "max_delay")
            .collectAsList();
    assertThat(rows).as("windows written").isNotEmpty();
    List<String> keys =
        rows.stream()
            .map(row -> (row.getLong(0) - EPOCH.getEpochSecond()) + "/" + row.getString(1))
            .collect(Collectors.toList());
    assertThat(keys).as("no window written twice").doesNotHaveDuplicates();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      long[] aggregate = expected.get(keys.get(i));
      assertThat(aggregate).as("window %s has flights", keys.get(i)).isNotNull();
      assertThat(row.getLong(2)).as("flights in %s", keys.get(i)).isEqualTo(aggregate[0]);
      assertThat(row.getDouble(3))
          .as("average delay in %s", keys.get(i))
          .isCloseTo((double) aggregate[1] / aggregate[0], offset(1e-9));
      assertThat((long) row.getInt(4))
          .as("maximum delay in %s", keys.get(i))
          .isEqualTo(aggregate[2]);
    }
    List<String> closed = closed(expected.keySet(), flights);
    assertThat(keys).as("every window the watermark closed").containsAll(closed);
  }

  /** How many windows the watermark of flights 0 to {@code flights} closes for certain. */
  static long closedWindows(int flights) {
    return closed(expected(flights).keySet(), flights).size();
  }

  /** Window start (seconds after 2001-01-01) and origin to count, delay sum and maximum delay. */
  private static Map<String, long[]> expected(int flights) {
    Map<String, long[]> expected = new HashMap<>();
    for (int id = 0; id < flights; id++) {
      long start = (id * 60L) / WINDOW_SECONDS * WINDOW_SECONDS;
      long[] aggregate =
          expected.computeIfAbsent(
              start + "/" + origin(id), key -> new long[] {0, 0, Long.MIN_VALUE});
      aggregate[0]++;
      aggregate[1] += delay(id);
      aggregate[2] = Math.max(aggregate[2], delay(id));
    }
    return expected;
  }

  /**
   * The windows that end at least one window before the final watermark (the last event time minus
   * the allowed lateness): Spark writes them in the batch after the one that moved it there.
   */
  private static List<String> closed(Collection<String> windows, int flights) {
    long watermark = (flights - 1) * 60L - LATENESS.toSeconds();
    return windows.stream()
        .filter(
            key ->
                Long.parseLong(key.substring(0, key.indexOf('/'))) + 2 * WINDOW_SECONDS
                    <= watermark)
        .collect(Collectors.toList());
  }
}
