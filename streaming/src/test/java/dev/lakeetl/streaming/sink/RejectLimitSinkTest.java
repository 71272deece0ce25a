package dev.lakeetl.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.Ratio;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.BatchRejectedException;
import dev.lakeetl.streaming.quality.RejectLimit;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quarantine.max-ratio in the one-pass sink: a micro-batch that quarantines more than the limit is
 * published with a warning and tallied for the run report, or, with stream.stop-on-max-ratio,
 * rejected whole so that the stream stops on it.
 */
class RejectLimitSinkTest {

  @TempDir Path folder;
  private OnePassSink.Layout layout;
  private Configuration hadoopConf;

  @BeforeEach
  void setUp() {
    layout = SinkFixtures.layout(folder, "checkpoint/sink");
    hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
  }

  /** Three flights, a malformed record and one without an event time: 2 of 5 quarantined. */
  private static Dataset<Row> batch() {
    return SinkFixtures.sampleBatch("a");
  }

  private static BatchQuality limit(String ratio, boolean stop) {
    return new BatchQuality(
        RuleSet.EMPTY,
        Optional.of(new RejectLimit(Ratio.parse("quarantine.max-ratio", ratio), stop)));
  }

  private OnePassSink sink(BatchQuality quality) {
    return new OnePassSink(layout, quality, Clock.systemUTC());
  }

  @Test
  void aBatchOverTheLimitIsPublishedAndTallied() {
    BatchQuality quality = limit("30%", false);
    OnePassSink sink = sink(quality);

    sink.call(batch(), 0L);
    sink.call(batch().limit(0), 1L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(positions(layout.quarantine())).containsExactly("a/0/3", "a/0/4");
    assertThat(sink.thisRun()).isEqualTo(new BatchCounts(3, 2));
    assertThat(quality.tallies())
        .containsExactly(
            new RuleTally("quarantine.max-ratio", BatchQuality.REJECT_LIMIT_TYPE, "warn", 2, 1, 2));
  }

  @Test
  void aBatchWithinTheLimitIsTalliedAsHolding() {
    BatchQuality quality = limit("40%", true);

    sink(quality).call(batch(), 0L);

    assertThat(positions(layout.target())).hasSize(3);
    assertThat(quality.tallies())
        .containsExactly(
            new RuleTally("quarantine.max-ratio", BatchQuality.REJECT_LIMIT_TYPE, "fail", 1, 0, 0));
  }

  @Test
  void withStopABatchOverTheLimitIsRejectedWholeAndARestartRetriesIt() throws IOException {
    BatchQuality quality = limit("0.3", true);

    assertThatThrownBy(() -> sink(quality).call(batch(), 7L))
        .isInstanceOf(BatchRejectedException.class)
        .hasMessageStartingWith(
            "Cannot publish batch 7: rejected 2 of 5 records (40.0%), more than"
                + " quarantine.max-ratio 30% (stream.stop-on-max-ratio). The stream stops here;"
                + " a restart retries this batch");

    assertThat(dataFiles(layout.target())).isEmpty();
    assertThat(dataFiles(layout.quarantine())).isEmpty();
    assertThat(folder.resolve("refined/_staging/batch-7")).doesNotExist();
    assertThat(folder.resolve("quarantine/_staging/batch-7")).doesNotExist();
    assertThat(new BatchLog(layout.log(), hadoopConf).committed(7)).isEmpty();
    assertThat(quality.tallies())
        .containsExactly(
            new RuleTally("quarantine.max-ratio", BatchQuality.REJECT_LIMIT_TYPE, "fail", 1, 1, 2));

    // Spark replays the batch id after a restart; with a higher limit it is published.
    sink(limit("50%", true)).call(batch(), 7L);
    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(positions(layout.quarantine())).containsExactly("a/0/3", "a/0/4");
  }

  private static List<String> positions(String table) {
    return SinkFixtures.positions(table);
  }

  /** Visible data files (outside hidden folders), sorted. */
  private static List<Path> dataFiles(String table) {
    return SinkFixtures.dataFiles(table);
  }
}
