package dev.lakeetl.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-pass sink's manifests and commit markers, on the local file system. */
class BatchLogTest {
  @TempDir Path folder;

  private BatchLog log() {
    Configuration hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
    return new BatchLog(folder.resolve("sink").toString(), hadoopConf);
  }

  @Test
  void aManifestRoundTripsAndIsDroppedByTheCommit() {
    BatchManifest manifest =
        new BatchManifest(
            new BatchCounts(5, 1),
            List.of(
                new BatchManifest.Move("s3a://b/t/_staging/batch-7/a=1/part-0", "s3a://b/t/a=1/x"),
                new BatchManifest.Move("/t/_staging/batch-7/part 1", "/t/batch-7-part 1")));
    BatchLog log = log();

    log.writeManifest(7, manifest);

    assertThat(log().manifest(7)).contains(manifest);
    assertThat(log.committed(7)).isEmpty();
    log.commit(new BatchLog.Commit(7, manifest.counts(), new BatchCounts(50, 2)));
    assertThat(log().manifest(7)).isEmpty();
    assertThat(log().committed(7))
        .contains(new BatchLog.Commit(7, new BatchCounts(5, 1), new BatchCounts(50, 2)));
  }

  @Test
  void aManifestKeepsItsWindowCountsAndOneWithoutLateRowsReadsAsNone() {
    Optional<Instant> watermark = Optional.of(Instant.parse("2001-01-02T00:00:00Z"));
    BatchManifest manifest = new BatchManifest(new BatchCounts(5, 1, 4, 2), List.of(), watermark);

    log().writeManifest(3, manifest);

    assertThat(log().manifest(3)).contains(manifest);
    assertThat(
            BatchManifest.parse(
                List.of(
                    "refined=5", "quarantined=1", "windows=4", "watermark=2001-01-02T00:00:00Z")))
        .isEqualTo(new BatchManifest(new BatchCounts(5, 1, 4, 0), List.of(), watermark));
  }

  @Test
  void aCommitCarriesTheWindowTotalsAndOneWithoutThemReadsAsNone() throws IOException {
    Optional<Instant> watermark = Optional.of(Instant.parse("2001-01-02T00:00:00Z"));
    BatchLog.Commit commit =
        new BatchLog.Commit(
            4, new BatchCounts(5, 1, 4, 2), new BatchCounts(50, 2, 40, 3), watermark);

    log().commit(commit);

    assertThat(log().committed(4)).contains(commit);
    Files.writeString(
        folder.resolve("sink/5.commit"),
        "refined=5\nquarantined=1\ntotal.refined=55\ntotal.quarantined=3\n"
            + "watermark=2001-01-02T00:00:00Z\n");
    assertThat(log().committed(5))
        .contains(new BatchLog.Commit(5, new BatchCounts(5, 1), new BatchCounts(55, 3), watermark));
  }

  @Test
  void theLatestCommitCarriesTheTotalsAndOldMarkersAreDropped() {
    BatchLog log = log();
    for (long id = 0; id < BatchLog.RETAINED + 5; id++) {
      log.commit(new BatchLog.Commit(id, new BatchCounts(1, 0), new BatchCounts(id + 1, 0)));
    }

    assertThat(log().latest().map(BatchLog.Commit::totals))
        .contains(new BatchCounts(BatchLog.RETAINED + 5, 0));
    assertThat(log().committed(4)).isEmpty();
    assertThat(log().committed(5)).isPresent();
    assertThat(folder.resolve("sink")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void anEmptyLogHasNoLatestCommit() throws Exception {
    assertThat(log().latest()).isEmpty();
    Files.createDirectories(folder.resolve("sink"));
    assertThat(log().latest()).isEmpty();
  }
}
