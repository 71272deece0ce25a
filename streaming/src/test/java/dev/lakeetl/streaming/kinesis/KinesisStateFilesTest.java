package dev.lakeetl.streaming.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small files the Kinesis source keeps in its checkpoint folder. */
class KinesisStateFilesTest {
  private static final String SHARD = "shardId-000000000000";
  private static final Instant AT = Instant.parse("2026-11-23T16:01:02.125Z");

  @TempDir Path checkpoint;

  private final Configuration hadoopConf = new Configuration();

  @Test
  void theInitialOffsetIsDecidedOnceAndReadBackAfterwards() {
    InitialOffsetStore store = new InitialOffsetStore(checkpoint.toString(), hadoopConf);
    KinesisOffset first = KinesisOffset.of("s", 0, Map.of(SHARD, ShardPosition.trimHorizon()));
    KinesisOffset second = KinesisOffset.of("s", 0, Map.of(SHARD, ShardPosition.after("5")));

    assertThat(store.getOrCreate(() -> first)).isEqualTo(first);
    assertThat(store.getOrCreate(() -> second)).isEqualTo(first);
    assertThat(new InitialOffsetStore(checkpoint.toString(), hadoopConf).getOrCreate(() -> second))
        .isEqualTo(first);
  }

  @Test
  void aDamagedInitialOffsetFailsNamingTheFileAndTheField() throws IOException {
    Path file = checkpoint.resolve(InitialOffsetStore.FILE_NAME);
    String damaged = "{\"version\":1,\"stream\":\"s\"}";
    Files.writeString(file, damaged);
    InitialOffsetStore store = new InitialOffsetStore(checkpoint.toString(), hadoopConf);

    assertThatThrownBy(() -> store.getOrCreate(() -> KinesisOffset.of("s", 0, Map.of())))
        .hasMessage(
            "Cannot read the Kinesis initial offset "
                + file.toUri().getPath()
                + ": field 'shards' is missing");
  }

  @Test
  void theFirstRecordedEndOfAReadStays() {
    ReadEndStore store = new ReadEndStore(checkpoint.toString(), hadoopConf);
    ReadEnd first = end(ShardPosition.after("4"), 5);
    ReadEnd other = end(ShardPosition.after("7"), 8);

    assertThat(store.record(3, first)).isEqualTo(first);
    assertThat(store.record(3, other)).isEqualTo(first);
    assertThat(store.find(3, SHARD)).contains(first);
    assertThat(store.all(3).ends()).isEqualTo(Map.of(SHARD, first));
  }

  @Test
  void everyRunRecordsItsLossesInItsOwnFile() {
    ReadEndStore store = new ReadEndStore(checkpoint.toString(), hadoopConf);
    DataLoss a = DataLoss.reRunExpired(SHARD, 3, "1", "4");
    DataLoss b = DataLoss.reRunExpired(SHARD, 3, "1", "2");

    store.recordLost(3, SHARD, List.of(a));
    store.recordLost(3, SHARD, List.of(b));

    assertThat(store.all(3).lost()).containsExactlyInAnyOrder(a, b);
    assertThat(store.all(3).ends()).isEmpty();
  }

  @Test
  void caughtUpShardsAreKeptAcrossRestartsAndRewritten() throws IOException {
    CaughtUpStore store = new CaughtUpStore(checkpoint.toString(), hadoopConf);
    store.caughtUp(SHARD, ShardPosition.after("4"), AT);
    store.flush();
    CaughtUpStore restarted = new CaughtUpStore(checkpoint.toString(), hadoopConf);
    Instant later = AT.plus(CaughtUpStore.REFRESH);
    restarted.caughtUp(SHARD, ShardPosition.after("4"), later);
    restarted.flush();

    assertThat(
            new CaughtUpStore(checkpoint.toString(), hadoopConf)
                .keptUntil(SHARD, ShardPosition.after("4")))
        .isEqualTo(later.plus(ShardState.MIN_RETENTION));
    try (var files = Files.list(checkpoint)) {
      // Nothing left behind but the file (and a checksum).
      assertThat(files.map(file -> file.getFileName().toString()))
          .allMatch(name -> name.contains(CaughtUpStore.FILE_NAME));
    }
  }

  @Test
  void theFilesAreCompactJson() throws IOException {
    // Checkpoints outlive builds: a file's text only changes with its version.
    ReadEndStore ends = new ReadEndStore(checkpoint.toString(), hadoopConf);
    ends.record(3, end(ShardPosition.after("4"), 5));
    ends.recordLost(3, SHARD, List.of(DataLoss.reRunExpired(SHARD, 3, "1", "4")));
    CaughtUpStore caughtUp = new CaughtUpStore(checkpoint.toString(), hadoopConf);
    caughtUp.caughtUp(SHARD, ShardPosition.after("4"), AT);
    caughtUp.flush();
    Path read = checkpoint.resolve(ReadEndStore.FOLDER).resolve("3");

    assertThat(Files.readString(read.resolve(SHARD + ".json")))
        .isEqualTo(
            "{\"version\":1,\"shard\":\"shardId-000000000000\",\"readFrom\":\"TRIM_HORIZON\","
                + "\"first\":\"1\",\"end\":\"AFTER_SEQUENCE_NUMBER/4\",\"records\":5,"
                + "\"stop\":\"CAUGHT_UP\",\"millisBehindLatest\":0,"
                + "\"lastArrival\":\"2026-11-23T16:01:02.125Z\","
                + "\"endedAt\":\"2026-11-23T16:01:02.125Z\",\"getRecordsCalls\":1,"
                + "\"fetchedRecords\":5,\"fetchedBytes\":10,\"recordBytes\":10,"
                + "\"nextIterator\":null,\"lost\":[]}");
    try (var files = Files.list(read)) {
      Path lost =
          files.filter(file -> file.getFileName().toString().startsWith("lost-")).findAny().get();
      assertThat(Files.readString(lost))
          .isEqualTo(
              "{\"lost\":[{\"shard\":\"shardId-000000000000\","
                  + "\"records\":\"from sequence number 1 to 4\","
                  + "\"reason\":\"expired past the stream's retention period before batch read 3"
                  + " ran again\"}]}");
    }
    assertThat(Files.readString(checkpoint.resolve(CaughtUpStore.FILE_NAME)))
        .isEqualTo(
            "{\"version\":1,\"shards\":{\"shardId-000000000000\":"
                + "{\"position\":\"AFTER_SEQUENCE_NUMBER/4\",\"at\":\"2026-11-23T16:01:02.125Z\"}}}");
  }

  @Test
  void aDamagedReadEndFailsNamingTheFileAndTheField() throws IOException {
    ReadEndStore store = new ReadEndStore(checkpoint.toString(), hadoopConf);
    Path file = recordReadEnd(store);
    rewrite(file, Files.readString(file).replace("\"records\":5,", ""));

    assertThatThrownBy(() -> store.find(3, SHARD))
        .hasMessage(
            "Cannot read the end of a Kinesis read in "
                + file.toUri().getPath()
                + ": field 'records' is missing");
    assertThatThrownBy(() -> store.all(3)).hasMessageEndingWith("field 'records' is missing");
  }

  @Test
  void aReadEndWithABadValueNamesTheField() throws IOException {
    ReadEndStore store = new ReadEndStore(checkpoint.toString(), hadoopConf);
    Path file = recordReadEnd(store);
    String json = Files.readString(file);

    rewrite(file, json.replace("CAUGHT_UP", "DONE"));
    assertThatThrownBy(() -> store.find(3, SHARD))
        .hasMessageContaining(SHARD + ".json: field 'stop' is 'DONE', expected one of [LIMIT,");
    rewrite(file, json.replace("AFTER_SEQUENCE_NUMBER/4", "AFTER/4"));
    assertThatThrownBy(() -> store.find(3, SHARD))
        .hasMessageEndingWith(SHARD + ".json: field 'end' is not a shard position: 'AFTER/4'");
  }

  @Test
  void aDamagedFileOfLossesFailsNamingTheFileAndTheField() throws IOException {
    Path folder = Files.createDirectories(checkpoint.resolve(ReadEndStore.FOLDER).resolve("3"));
    Path file = folder.resolve("lost-" + SHARD + "-1.json");
    Files.writeString(file, "{\"lost\":[{\"shard\":\"" + SHARD + "\",\"reason\":\"expired\"}]}");
    ReadEndStore store = new ReadEndStore(checkpoint.toString(), hadoopConf);

    // Listed files are named with their file system.
    assertThatThrownBy(() -> store.all(3))
        .hasMessageStartingWith("Cannot read lost Kinesis records in ")
        .hasMessageEndingWith(file.toUri().getPath() + ": field 'records' is missing");
  }

  @Test
  void aDamagedCaughtUpFileIsIgnoredAndRewritten() throws IOException {
    Path file = checkpoint.resolve(CaughtUpStore.FILE_NAME);
    Files.writeString(file, "{\"version\":1,\"shards\":{\"" + SHARD + "\":{\"position\":\"AFTER");
    CaughtUpStore store = new CaughtUpStore(checkpoint.toString(), hadoopConf);

    assertThat(store.keptUntil(SHARD, ShardPosition.after("4"))).isNull();
    store.caughtUp(SHARD, ShardPosition.after("4"), AT);
    store.flush();

    assertThat(
            new CaughtUpStore(checkpoint.toString(), hadoopConf)
                .keptUntil(SHARD, ShardPosition.after("4")))
        .isEqualTo(AT.plus(ShardState.MIN_RETENTION));
  }

  @Test
  void aCaughtUpFileOfAnotherVersionIsIgnored() throws IOException {
    Files.writeString(
        checkpoint.resolve(CaughtUpStore.FILE_NAME),
        "{\"version\":2,\"shards\":{\""
            + SHARD
            + "\":{\"position\":\"AFTER_SEQUENCE_NUMBER/4\",\"at\":\""
            + AT
            + "\"}}}");

    assertThat(
            new CaughtUpStore(checkpoint.toString(), hadoopConf)
                .keptUntil(SHARD, ShardPosition.after("4")))
        .isNull();
  }

  /** Records the end of batch read 3 (after sequence number 4, 5 records); returns its file. */
  private Path recordReadEnd(ReadEndStore store) {
    store.record(3, end(ShardPosition.after("4"), 5));
    return checkpoint.resolve(ReadEndStore.FOLDER).resolve("3").resolve(SHARD + ".json");
  }

  /** Replaces {@code file} by {@code text}, without its checksum: a damaged or hand-edited file. */
  private static void rewrite(Path file, String text) throws IOException {
    Files.delete(file);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    Files.writeString(file, text);
  }

  static ReadEnd end(ShardPosition end, long records) {
    return new ReadEnd(
        SHARD,
        ShardPosition.trimHorizon(),
        "1",
        end,
        records,
        ReadEnd.Stop.CAUGHT_UP,
        0,
        AT,
        AT,
        1,
        records,
        records * 2,
        records * 2,
        null,
        List.of());
  }
}
