package dev.lakeetl.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.BatchRejectedException;
import dev.lakeetl.streaming.quality.RuleTally;
import dev.lakeetl.streaming.source.SourceRecords;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass sink on real Spark writes: every record lands once in the refined table or the
 * quarantine, and a batch id replayed after a crash at any point leaves exactly one copy.
 */
class OnePassSinkTest {
  private static final String EVENT_TIME = SinkFixtures.EVENT_TIME;
  private static final String MALFORMED = "malformed JSON";
  private static final String NO_EVENT_TIME =
      "missing event time: decode.event-time column 'departure_time' is null";

  @TempDir Path folder;
  private OnePassSink.Layout layout;
  private Configuration hadoopConf;

  @BeforeEach
  void setUp() {
    layout = SinkFixtures.layout(folder, "checkpoint/sink");
    hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
  }

  /** Three flights on two days, a malformed record and one without an event time. */
  private static Dataset<Row> batch(String topic) {
    return SinkFixtures.sampleBatch(topic);
  }

  private OnePassSink sink() {
    return sink(BatchQuality.none());
  }

  private OnePassSink sink(BatchQuality quality) {
    return new OnePassSink(layout, quality, Clock.systemUTC());
  }

  /** One native rule from its quality.rules.<name>.* entries. */
  private static BatchQuality rule(String name, Map<String, String> entries) {
    Map<String, String> prefixed = new LinkedHashMap<>();
    entries.forEach((key, value) -> prefixed.put("quality.rules." + name + "." + key, value));
    return new BatchQuality(
        QualityConfig.rules(dev.lakeetl.config.Settings.of(QualityKeys.RULE_SCHEMA, prefixed)));
  }

  @Test
  void writesEveryRecordOnceToRefinedOrQuarantine() {
    OnePassSink sink = sink();

    sink.call(batch("a"), 0L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(positions(layout.quarantine())).containsExactly("a/0/3", "a/0/4");
    assertThat(dataFiles(layout.target()))
        .allSatisfy(file -> assertThat(file.getFileName().toString()).startsWith("batch-0-part-"))
        .extracting(file -> folder.resolve("refined").relativize(file.getParent()).toString())
        .containsOnly("event_date=2001-01-01", "event_date=2001-01-02");
    assertThat(folder.resolve("refined/_staging/batch-0")).doesNotExist();
    assertThat(folder.resolve("quarantine/_staging/batch-0")).doesNotExist();
    assertThat(sink.thisRun()).isEqualTo(new BatchCounts(3, 2));
    assertThat(new BatchLog(layout.log(), hadoopConf).committed(0))
        .contains(new BatchLog.Commit(0, new BatchCounts(3, 2), new BatchCounts(3, 2)));
  }

  @Test
  void aCommittedBatchReplayedAfterARestartIsSkipped() {
    sink().call(batch("a"), 0L);
    List<Path> before = dataFiles(layout.target());

    OnePassSink restarted = sink();
    restarted.call(batch("a"), 0L);

    assertThat(dataFiles(layout.target())).isEqualTo(before);
    assertThat(positions(layout.target())).hasSize(3);
    assertThat(restarted.thisRun()).isEqualTo(BatchCounts.ZERO);
  }

  @Test
  void aCrashAfterSomeMovesIsFinishedFromTheManifestOnReplay() {
    OnePassSink crashed = sink();
    BatchManifest manifest =
        crashed.stage(batch("a"), 4L, new BatchLog(layout.log(), hadoopConf), hadoopConf);
    new BatchLog(layout.log(), hadoopConf).writeManifest(4L, manifest);
    assertThat(manifest.moves()).hasSizeGreaterThan(2);
    OnePassSink.move(manifest.moves().get(0), hadoopConf);
    OnePassSink.move(manifest.moves().get(1), hadoopConf);

    // The replay gets the same offsets, so the same records; the manifest alone decides.
    sink().call(batch("a"), 4L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(positions(layout.quarantine())).containsExactly("a/0/3", "a/0/4");
    assertThat(folder.resolve("refined/_staging")).isEmptyDirectory();
    assertThat(new BatchLog(layout.log(), hadoopConf).manifest(4L)).isEmpty();
    assertThat(new BatchLog(layout.log(), hadoopConf).committed(4L)).isPresent();
  }

  @Test
  void aCrashWhileStagingIsWrittenAgainWithoutTheLeftovers() throws IOException {
    Path leftover =
        folder.resolve("refined/_staging/batch-2/event_date=2001-01-01/part-00000-x.parquet");
    Files.createDirectories(leftover.getParent());
    Files.writeString(leftover, "half a file");

    sink().call(batch("a"), 2L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(dataFiles(layout.target()))
        .noneMatch(file -> file.getFileName().toString().endsWith("part-00000-x.parquet"));
  }

  @Test
  void totalsContinueFromTheLatestCommitAfterARestart() {
    sink().call(batch("a"), 0L);
    sink().call(batch("b"), 1L);

    OnePassSink restarted = sink();
    restarted.loadTotals(hadoopConf);
    assertThat(restarted.totals()).isEqualTo(new BatchCounts(6, 4));
    restarted.call(batch("c"), 2L);

    assertThat(restarted.totals()).isEqualTo(new BatchCounts(9, 6));
    assertThat(restarted.thisRun()).isEqualTo(new BatchCounts(3, 2));
    assertThat(positions(layout.target())).hasSize(9);
  }

  @Test
  void anEmptyBatchCommitsWithoutFiles() {
    Dataset<Row> empty = batch("a").limit(0);

    sink().call(empty, 0L);

    assertThat(new BatchLog(layout.log(), hadoopConf).committed(0))
        .contains(new BatchLog.Commit(0, BatchCounts.ZERO, BatchCounts.ZERO));
    assertThat(dataFiles(layout.target())).isEmpty();
  }

  @Test
  void aBatchWhoseEveryRecordFailsToDecodeGoesWholeToTheQuarantine() {
    Dataset<Row> undecodable = batch("a").where("source_position IN ('a/0/3', 'a/0/4')");
    OnePassSink sink =
        sink(rule("origin-known", Map.of("type", "completeness", "column", "origin")));

    sink.call(undecodable, 0L);

    assertThat(dataFiles(layout.target())).isEmpty();
    assertThat(reasons(layout.quarantine()))
        .containsExactly(Map.entry("a/0/3", MALFORMED), Map.entry("a/0/4", NO_EVENT_TIME));
    assertThat(sink.thisRun()).isEqualTo(new BatchCounts(0, 2));
    assertThat(new BatchLog(layout.log(), hadoopConf).committed(0))
        .contains(new BatchLog.Commit(0, new BatchCounts(0, 2), new BatchCounts(0, 2)));
  }

  @Test
  void aBatchWhoseEveryRowBreaksAQuarantineRuleGoesWholeToTheQuarantine() {
    BatchQuality quality =
        rule(
            "delay-impossible",
            Map.of("type", "range", "column", "delay", "max", "-100", "severity", "quarantine"));
    OnePassSink sink = sink(quality);

    sink.call(batch("a"), 0L);

    assertThat(dataFiles(layout.target())).isEmpty();
    assertThat(reasons(layout.quarantine()))
        .containsExactly(
            Map.entry("a/0/0", "failed quality rule 'delay-impossible'"),
            Map.entry("a/0/1", "failed quality rule 'delay-impossible'"),
            Map.entry("a/0/2", "failed quality rule 'delay-impossible'"),
            Map.entry("a/0/3", MALFORMED),
            Map.entry("a/0/4", NO_EVENT_TIME));
    assertThat(sink.thisRun()).isEqualTo(new BatchCounts(0, 5));
  }

  @Test
  void aMoveIsIdempotentAndAMissingFileIsAnError() throws IOException {
    Path staged = folder.resolve("staged.parquet");
    Path destination = folder.resolve("table/event_date=2001-01-01/batch-1-part-0.parquet");
    Files.writeString(staged, "data");
    BatchManifest.Move move = new BatchManifest.Move(staged.toString(), destination.toString());

    OnePassSink.move(move, hadoopConf);
    OnePassSink.move(move, hadoopConf);

    assertThat(destination).hasContent("data");
    assertThat(staged).doesNotExist();
    Files.delete(destination);
    assertThatThrownBy(() -> OnePassSink.move(move, hadoopConf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("staged file")
        .hasMessageContaining(destination.toString());
  }

  @Test
  void aBrokenWarnRuleIsTalliedAndTheBatchPublished() {
    BatchQuality quality =
        rule("delay-known", Map.of("type", "non-negative", "column", "delay", "severity", "warn"));
    OnePassSink sink = sink(quality);

    sink.call(batch("a"), 0L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
    assertThat(quality.tallies())
        .containsExactly(new RuleTally("delay-known", "range", "warn", 1, 1, 1));
    sink.call(batch("b").limit(2), 1L);
    assertThat(quality.tallies())
        .containsExactly(new RuleTally("delay-known", "range", "warn", 2, 1, 1));
  }

  @Test
  void rowsBreakingAQuarantineRuleGoToTheQuarantineWithTheirPayloadAndTheRule() {
    BatchQuality quality =
        rule(
            "delay-range",
            Map.of("type", "range", "column", "delay", "min", "0", "severity", "quarantine"));
    OnePassSink sink = sink(quality);

    sink.call(batch("a"), 0L);

    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1");
    assertThat(positions(layout.quarantine())).containsExactly("a/0/2", "a/0/3", "a/0/4");
    Row jfk =
        SharedSpark.session()
            .read()
            .parquet(layout.quarantine())
            .where("source_position = 'a/0/2'")
            .first();
    assertThat(jfk.<String>getAs(RefinedRows.REASON))
        .isEqualTo("failed quality rule 'delay-range'");
    assertThat(
            new String(
                Base64.getDecoder().decode(jfk.<String>getAs(RefinedRows.RAW_PAYLOAD_BASE64)),
                StandardCharsets.UTF_8))
        .contains("\"JFK\"");
    assertThat(sink.thisRun()).isEqualTo(new BatchCounts(2, 3));
  }

  @Test
  void aBrokenFailRuleRejectsTheWholeBatchAndARestartRetriesIt() {
    BatchQuality quality = rule("small-batches", Map.of("type", "row-count", "max", "2"));

    assertThatThrownBy(() -> sink(quality).call(batch("a"), 3L))
        .isInstanceOf(BatchRejectedException.class)
        .hasMessageContaining("Cannot publish batch 3")
        .hasMessageContaining("rule 'small-batches' (row-count, fail) FAILED: measured 3")
        .hasMessageContaining("restart retries this batch");

    assertThat(dataFiles(layout.target())).isEmpty();
    assertThat(dataFiles(layout.quarantine())).isEmpty();
    assertThat(folder.resolve("refined/_staging/batch-3")).doesNotExist();
    assertThat(folder.resolve("quarantine/_staging/batch-3")).doesNotExist();
    BatchLog log = new BatchLog(layout.log(), hadoopConf);
    assertThat(log.manifest(3)).isEmpty();
    assertThat(log.committed(3)).isEmpty();

    // Spark replays the batch id after a restart; with the rule changed it is published.
    sink().call(batch("a"), 3L);
    assertThat(positions(layout.target())).containsExactly("a/0/0", "a/0/1", "a/0/2");
  }

  @Test
  void aRuleOnAMissingColumnIsFoundBeforeTheStreamStarts() {
    BatchQuality quality = rule("gate-known", Map.of("type", "completeness", "column", "gate"));

    assertThatThrownBy(
            () ->
                quality.checkAgainst(
                    SharedSpark.session(),
                    RefinedRows.refinedWithPayload(batch("a"), EVENT_TIME, EventPartitioning.DAILY)
                        .schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gate-known")
        .hasMessageContaining("gate");
  }

  private static List<String> positions(String table) {
    return SinkFixtures.positions(table);
  }

  /** Source position to reason of every quarantined record, by position. */
  private static Map<String, String> reasons(String quarantine) {
    Map<String, String> reasons = new java.util.TreeMap<>();
    for (Row row :
        SharedSpark.session()
            .read()
            .parquet(quarantine)
            .select(SourceRecords.POSITION, RefinedRows.REASON)
            .collectAsList()) {
      reasons.put(row.getString(0), row.getString(1));
    }
    return reasons;
  }

  /** Visible data files (outside hidden folders), sorted. */
  private static List<Path> dataFiles(String table) {
    return SinkFixtures.dataFiles(table);
  }
}
