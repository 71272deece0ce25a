package dev.lakeetl.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.BatchRejectedException;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows written by the one-pass sink with the batch that completes them, on real Spark writes:
 * each window once, with exactly the rows published on time, and the same after a crash at any step
 * of a batch.
 */
class OnePassSinkWindowsTest {

  /** A window start; windows of 100 seconds start at multiples of 100 seconds since the epoch. */
  private static final Instant START = Instant.parse("2001-01-01T06:00:00Z");

  @TempDir Path folder;
  private OnePassSink.Layout layout;
  private WindowConfig tumbling;
  private Configuration hadoopConf;

  @BeforeEach
  void setUp() {
    layout = SinkFixtures.layout(folder, "checkpoint/refined/sink");
    tumbling = windows(Optional.empty());
    hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
  }

  private WindowConfig windows(Optional<Duration> slide) {
    return new WindowConfig(
        folder.resolve("windows").toString(),
        Duration.ofSeconds(100),
        slide,
        Duration.ofSeconds(30),
        List.of("origin"),
        List.of("count(*) AS flights", "sum(delay) AS delay_sum"));
  }

  private static List<Long> windowCounts(BatchCounts counts) {
    return List.of(counts.windowRows(), counts.lateRows());
  }

  private OnePassSink sink(WindowConfig config, BatchQuality quality) {
    return new OnePassSink(layout, Optional.of(config), quality, Clock.systemUTC());
  }

  /** Flights "seconds after START/origin/delay". */
  private static Dataset<Row> flights(String topic, String... flights) {
    return SinkFixtures.decoded(
        topic,
        Arrays.stream(flights)
            .map(flight -> flight.split("/"))
            .map(
                parts ->
                    String.format(
                        "{\"departure_time\":\"%s\",\"origin\":\"%s\",\"delay\":%s}",
                        START.plusSeconds(Long.parseLong(parts[0])), parts[1], parts[2])));
  }

  /** The first batch's flights: the watermark after it is 250 - 30 = 220 seconds. */
  private static Dataset<Row> first() {
    return flights("a", "10/SFO/1", "20/SFO/2", "30/JFK/3", "150/SFO/4", "210/SFO/5", "250/JFK/6");
  }

  /** 215 is late (before 220); 400 moves the watermark to 370. */
  private static Dataset<Row> second() {
    return flights("b", "260/SFO/7", "215/SFO/8", "400/JFK/9");
  }

  @Test
  void eachWindowIsWrittenOnceWithTheBatchThatCompletesItAndLateRowsCountNowhere() {
    BatchQuality quality =
        new BatchQuality(
            QualityConfig.rules(
                dev.lakeetl.config.Settings.of(
                    QualityKeys.RULE_SCHEMA,
                    Map.of(
                        "quality.rules.delay-plausible.type",
                        "range",
                        "quality.rules.delay-plausible.column",
                        "delay",
                        "quality.rules.delay-plausible.max",
                        "1000"))));
    OnePassSink sink = sink(tumbling, quality);

    sink.call(first(), 0L);
    assertThat(windows()).containsExactly("0/JFK/1/3", "0/SFO/2/3", "100/SFO/1/4");
    assertThat(windowFiles()).allMatch(name -> name.startsWith("batch-0-"));
    assertThat(windowCounts(sink.thisRun())).containsExactly(3L, 0L);

    sink.call(second(), 1L);
    assertThat(windows())
        .containsExactly("0/JFK/1/3", "0/SFO/2/3", "100/SFO/1/4", "200/JFK/1/6", "200/SFO/2/12");
    assertThat(windowCounts(sink.thisRun())).containsExactly(5L, 1L);
    // The late flight is published to the refined table all the same.
    assertThat(SharedSpark.session().read().parquet(layout.target()).count()).isEqualTo(9);

    // Moves the watermark to 450: no window ends between 370 and 450.
    sink.call(flights("c", "480/SFO/10"), 2L);
    assertThat(windows()).hasSize(5);

    // A batch a fail rule rejects is not aggregated and does not move the watermark.
    assertThatThrownBy(() -> sink.call(flights("d", "900/SFO/5000"), 3L))
        .isInstanceOf(BatchRejectedException.class);
    assertThat(windows()).hasSize(5);

    sink.call(flights("e", "700/JFK/11"), 3L);
    assertThat(windows())
        .containsExactly(
            "0/JFK/1/3",
            "0/SFO/2/3",
            "100/SFO/1/4",
            "200/JFK/1/6",
            "200/SFO/2/12",
            "400/JFK/1/9",
            "400/SFO/1/10");
    assertThat(windowCounts(sink.thisRun())).containsExactly(7L, 1L);
    // A restarted sink continues the window counts of the commit markers.
    OnePassSink restarted = sink(tumbling, quality);
    restarted.loadTotals(hadoopConf);
    assertThat(windowCounts(restarted.totals())).containsExactly(7L, 1L);
    assertThat(windowCounts(restarted.thisRun())).containsExactly(0L, 0L);
    assertThat(new BatchLog(layout.log(), hadoopConf).committed(3L).orElseThrow().watermark())
        .contains(START.plusSeconds(670));
    // Only the latest batch's open rows are kept.
    assertThat(folder.resolve("checkpoint/refined/sink/windows"))
        .isDirectoryContaining(path -> path.getFileName().toString().equals("open-3"))
        .isDirectoryNotContaining(path -> path.getFileName().toString().equals("open-2"));
  }

  @Test
  void slidingWindowsCountARowInEveryWindowItFallsIn() {
    OnePassSink sink = sink(windows(Optional.of(Duration.ofSeconds(50))), BatchQuality.none());

    sink.call(first(), 0L);
    sink.call(second(), 1L);

    // Watermark 370: windows ending by then, that is starting by 270; [50, 150) holds no flight.
    assertThat(windows())
        .containsExactly(
            "-50/JFK/1/3",
            "-50/SFO/2/3",
            "0/JFK/1/3",
            "0/SFO/2/3",
            "100/SFO/1/4",
            "150/SFO/2/9",
            "200/JFK/1/6",
            "200/SFO/2/12",
            "250/JFK/1/6",
            "250/SFO/1/7");
  }

  @Test
  void aBatchReplayedAfterACrashDuringItsMovesWritesEachWindowOnce() {
    sink(tumbling, BatchQuality.none()).call(first(), 0L);
    OnePassSink crashed = sink(tumbling, BatchQuality.none());
    BatchLog log = new BatchLog(layout.log(), hadoopConf);
    BatchManifest manifest = crashed.stage(second(), 1L, log, hadoopConf);
    log.writeManifest(1L, manifest);
    manifest.moves().stream()
        .filter(move -> move.destination().contains("window_date="))
        .findFirst()
        .ifPresent(move -> OnePassSink.move(move, hadoopConf));

    sink(tumbling, BatchQuality.none()).call(second(), 1L);

    assertThat(windows())
        .containsExactly("0/JFK/1/3", "0/SFO/2/3", "100/SFO/1/4", "200/JFK/1/6", "200/SFO/2/12");
    assertThat(log.committed(1L).orElseThrow().watermark()).contains(START.plusSeconds(370));
  }

  @Test
  void aBatchReplayedAfterACrashWhileStagingRecomputesTheSameWindows() throws IOException {
    sink(tumbling, BatchQuality.none()).call(first(), 0L);
    // Staged, open rows written, but no manifest: the replay starts the batch over.
    sink(tumbling, BatchQuality.none())
        .stage(second(), 1L, new BatchLog(layout.log(), hadoopConf), hadoopConf);

    sink(tumbling, BatchQuality.none()).call(second(), 1L);
    sink(tumbling, BatchQuality.none()).call(flights("c", "700/JFK/11"), 2L);

    assertThat(windows())
        .containsExactly(
            "0/JFK/1/3", "0/SFO/2/3", "100/SFO/1/4", "200/JFK/1/6", "200/SFO/2/12", "400/JFK/1/9");
    try (Stream<Path> staged = Files.walk(folder.resolve("windows/_staging"))) {
      assertThat(staged.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void theFirstBatchWithoutRowsWritesNoWindows() {
    OnePassSink sink = sink(tumbling, BatchQuality.none());

    sink.call(flights("a"), 0L);
    sink.call(first(), 1L);

    assertThat(windows()).containsExactly("0/JFK/1/3", "0/SFO/2/3", "100/SFO/1/4");
  }

  /** Window rows as "start seconds after START/origin/flights/delay sum", sorted. */
  private List<String> windows() {
    Path table = folder.resolve("windows");
    if (windowFiles().isEmpty()) {
      return List.of();
    }
    return SharedSpark.session().read().parquet(table.toString()).collectAsList().stream()
        .map(
            row ->
                (row.<java.sql.Timestamp>getAs(WindowedAggregation.WINDOW_START)
                            .toInstant()
                            .getEpochSecond()
                        - START.getEpochSecond())
                    + "/"
                    + row.<String>getAs("origin")
                    + "/"
                    + row.<Long>getAs("flights")
                    + "/"
                    + row.<Long>getAs("delay_sum"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Names of the windows table's visible data files. */
  private List<String> windowFiles() {
    Path root = folder.resolve("windows");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !root.relativize(file).toString().startsWith("_"))
          .map(file -> file.getFileName().toString())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
