package dev.lakeetl.quality.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.testing.FaultyFileSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StagedPublisherTest {
  @TempDir Path dir;

  private final StagedPublisher publisher = new StagedPublisher(new Configuration());

  @Test
  void staleStagingFoldersOfOtherRunsAreRemovedAndTheRestKept() throws IOException {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    Path root = dir.resolve("table/_staging");
    Path killed = write(root.resolve("r-killed/day=01/part-a.parquet"), "a");
    Path recent = write(root.resolve("r-recent/day=01/part-b.parquet"), "b");
    // An old file, but a newer one beside it: the run was still writing.
    Path mixedOld = write(root.resolve("r-running/day=01/part-c.parquet"), "c");
    Path mixedNew = write(root.resolve("r-running/day=02/part-d.parquet"), "d");
    Path current = write(root.resolve("r-current/day=01/part-e.parquet"), "e");
    // Empty: maybe a run that is just starting; harmless either way.
    Files.createDirectories(root.resolve("r-empty"));
    age(killed, now.minus(Duration.ofHours(30)));
    age(recent, now.minus(Duration.ofHours(2)));
    age(mixedOld, now.minus(Duration.ofHours(30)));
    age(mixedNew, now.minus(Duration.ofMinutes(5)));
    age(current, now.minus(Duration.ofHours(30)));

    List<String> removed =
        publisher.discardStale(
            root.toString(), root.resolve("r-current").toString(), now.minus(Duration.ofHours(24)));

    assertThat(removed)
        .extracting(path -> path.substring(path.lastIndexOf('/') + 1))
        .containsExactly("r-killed");
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("r-recent", "r-running", "r-current", "r-empty");
    }
    assertThat(publisher.discardStale(dir.resolve("none").toString(), "x", now)).isEmpty();
  }

  private static void age(Path file, Instant time) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

  @Test
  void replacesExactlyTheStagedPartitions() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=01/part-a.parquet"), "a");
    write(target.resolve("day=02/part-b.parquet"), "b");
    write(target.resolve("_reports/r0.json"), "report");
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("day=02/part-c.parquet"), "c");
    write(staging.resolve("day=03/part-d.parquet"), "d");
    write(staging.resolve("_SUCCESS"), "");

    publisher.publish(
        staging.toString(),
        target.toString(),
        List.of("day=02", "day=03"),
        WriteMode.OVERWRITE_PARTITIONS);

    assertThat(files(target))
        .containsExactly(
            Map.entry("_reports/r0.json", "report"),
            Map.entry("day=01/part-a.parquet", "a"),
            Map.entry("day=02/part-c.parquet", "c"),
            Map.entry("day=03/part-d.parquet", "d"));
  }

  @Test
  void appendAddsFilesNextToExistingOnesNamedByTheirBatch() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=02/part-b.parquet"), "b");
    Path staging = dir.resolve("staging");
    write(staging.resolve("day=02/part-00000-1f0c.c000.snappy.parquet"), "c");
    write(staging.resolve("day=02/part-00001-1f0c.c000.snappy.parquet"), "d");

    publisher.publish(
        staging.toString(), target.toString(), List.of("day=02"), WriteMode.APPEND, BATCH);

    assertThat(batchNames(files(target)))
        .containsOnly(
            Map.entry("day=02/part-b.parquet", "b"),
            Map.entry("day=02/part-" + BATCH + "-*-00000.c000.snappy.parquet", "c"),
            Map.entry("day=02/part-" + BATCH + "-*-00001.c000.snappy.parquet", "d"));
    assertThat(staging).doesNotExist();
  }

  @Test
  void anAppendWithoutABatchIsRefused() {
    assertThatThrownBy(
            () ->
                publisher.publish(
                    dir.resolve("staging").toString(),
                    dir.resolve("table").toString(),
                    List.of(),
                    WriteMode.APPEND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without the batch id of its input");
  }

  /**
   * The same batch published again (a run retried after its publish, say its bookmark commit
   * failed): its earlier files are replaced, in every folder they are in, also one the new attempt
   * does not write; other batches and other files stay.
   */
  @Test
  void aRepublishedBatchReplacesItsEarlierFilesOnly() throws IOException {
    Path target = dir.resolve("table");
    appendFirstAttempt(target);
    Path other = target.resolve("_staging/r2");
    write(other.resolve("day=01/part-00000-2b.c000.parquet"), "other batch");
    publisher.publish(
        other.toString(), target.toString(), List.of("day=01"), WriteMode.APPEND, OTHER_BATCH);
    Path staging = target.resolve("_staging/r3");
    write(staging.resolve("day=01/part-00000-3c.c000.parquet"), "second 1");

    publisher.publish(
        staging.toString(), target.toString(), List.of("day=01"), WriteMode.APPEND, BATCH);

    assertThat(batchNames(files(target)))
        .containsOnly(
            Map.entry("day=01/part-" + BATCH + "-*-00000.c000.parquet", "second 1"),
            Map.entry("day=01/part-" + OTHER_BATCH + "-*-00000.c000.parquet", "other batch"),
            Map.entry("day=01/part-a.parquet", "a"));
  }

  /**
   * A table with day=01/part-a.parquet, then {@link #BATCH} appended: one file in day=01, two in
   * day=02.
   */
  private void appendFirstAttempt(Path target) throws IOException {
    write(target.resolve("day=01/part-a.parquet"), "a");
    Path first = target.resolve("_staging/r1");
    write(first.resolve("day=01/part-00000-1a.c000.parquet"), "first 1");
    write(first.resolve("day=02/part-00000-1a.c000.parquet"), "first 2");
    write(first.resolve("day=02/part-00001-1a.c000.parquet"), "first 3, longer");
    publisher.publish(
        first.toString(), target.toString(), List.of("day=01", "day=02"), WriteMode.APPEND, BATCH);
  }

  /** The second attempt at {@link #BATCH}: one file in each of day=01 and day=03. */
  private static void stageSecondAttempt(Path staging) throws IOException {
    write(staging.resolve("day=01/part-00000-2a.c000.parquet"), "second 1");
    write(staging.resolve("day=03/part-00000-2a.c000.parquet"), "second 2");
  }

  private static final List<String> SECOND_ATTEMPT = List.of("day=01", "day=03");

  /**
   * A failed publish of a batch the table holds already puts the earlier attempt's files back.
   * Renames (folders in order): 1 the journal, 2 day=01's earlier file aside, 3 day=01's new file
   * in, 4 and 5 day=02's two earlier files aside, 6 day=03's new file in, 7 the mark.
   */
  @ParameterizedTest(name = "rename {0} fails: {1}")
  @MethodSource("republishRenames")
  void aFailedRepublishPutsTheEarlierAttemptBack(int nth, FaultyFileSystem.Failure failure)
      throws IOException {
    Path target = dir.resolve("table");
    appendFirstAttempt(target);
    Map<String, String> before = table(target);
    Path staging = target.resolve("_staging/r2");
    stageSecondAttempt(staging);
    FaultyFileSystem.failRename(nth, failure);

    assertThatThrownBy(() -> faultyAppend(staging, target, SECOND_ATTEMPT))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(nth == 1 ? "_publish.json" : "the table was put back as it was");

    assertDiscardPutsTheTableBack(target, staging, before);
  }

  static Stream<Arguments> republishRenames() {
    return renameFailures(7);
  }

  /**
   * A republish killed halfway is undone by the next run (the earlier attempt's files are back), or
   * finished when it was killed after its mark (only the new attempt's files are left).
   */
  @ParameterizedTest(name = "killed at rename {0}: {1}")
  @MethodSource("republishRenames")
  void theNextRunUndoesOrFinishesAKilledRepublish(int nth, FaultyFileSystem.Failure failure)
      throws IOException {
    Path target = dir.resolve("table");
    appendFirstAttempt(target);
    Map<String, String> before = batchNames(table(target));
    Path staging = target.resolve("_staging/r2");
    stageSecondAttempt(staging);
    FaultyFileSystem.outageFromRename(nth, failure);
    assertThatThrownBy(() -> faultyAppend(staging, target, SECOND_ATTEMPT))
        .isInstanceOf(UncheckedIOException.class);
    faulty().discard(staging.toString());
    FaultyFileSystem.reset();
    // Another run's expiry of stale staging folders leaves an open journal alone.
    expireStagingADayLater(target);
    boolean published = Files.exists(staging.resolve("_published"));

    publisher.recover(target.resolve("_staging").toString());

    assertThat(batchNames(table(target)))
        .isEqualTo(
            published
                ? Map.of(
                    "day=01/part-a.parquet",
                    "a",
                    "day=01/part-" + BATCH + "-*-00000.c000.parquet",
                    "second 1",
                    "day=03/part-" + BATCH + "-*-00000.c000.parquet",
                    "second 2")
                : before);
    assertThat(files(target.resolve("_staging"))).isEmpty();
  }

  @Test
  void aJournalRoundTripsWithTheStagedNamesOfAnAppend() {
    StagedPublisher.Move move =
        new StagedPublisher.Move(
            "day=01",
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1/day=01"),
            new org.apache.hadoop.fs.Path("file:/t/day=01"),
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1/_replaced/day=01"),
            Map.of("part-" + BATCH + "-0a1b2c3d-00000.parquet", 5L),
            Map.of("part-" + BATCH + "-4e5f6a7b-00000.parquet", 7L),
            Map.of("part-" + BATCH + "-4e5f6a7b-00000.parquet", "part-00000-9a.parquet"),
            WriteMode.APPEND);
    PublishJournal journal =
        new PublishJournal(
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1"),
            new org.apache.hadoop.fs.Path("file:/t"),
            WriteMode.APPEND,
            Instant.parse("2026-11-23T16:03:27Z"),
            List.of(move));

    assertThat(PublishJournal.fromJson(journal.toJson(), "j")).isEqualTo(journal);
  }

  @Test
  void aJournalIsWrittenInTheDocumentedLayout() {
    StagedPublisher.Move move =
        new StagedPublisher.Move(
            "day=01",
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1/day=01"),
            new org.apache.hadoop.fs.Path("file:/t/day=01"),
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1/_replaced/day=01"),
            Map.of(),
            Map.of("part-00000-9a.parquet", 7L, "part-00001-9a.parquet", 8L),
            Map.of(),
            WriteMode.OVERWRITE_PARTITIONS);
    PublishJournal journal =
        new PublishJournal(
            new org.apache.hadoop.fs.Path("file:/t/_staging/r1"),
            new org.apache.hadoop.fs.Path("file:/t"),
            WriteMode.OVERWRITE_PARTITIONS,
            Instant.parse("2026-11-23T16:03:27.196Z"),
            List.of(move));

    // A journal left by a killed run is read by the next build and by people: it only changes
    // with its format.
    assertThat(journal.toJson())
        .isEqualTo(
            """
            {
              "format" : 2,
              "staging" : "file:/t/_staging/r1",
              "target" : "file:/t",
              "mode" : "overwrite-partitions",
              "started" : "2026-11-23T16:03:27.196Z",
              "partitions" : [ {
                "partition" : "day=01",
                "old" : "file:/t/day=01",
                "new" : "file:/t/_staging/r1/day=01",
                "replaced" : "file:/t/_staging/r1/_replaced/day=01",
                "oldFiles" : { },
                "newFiles" : {
                  "part-00000-9a.parquet" : 7,
                  "part-00001-9a.parquet" : 8
                },
                "stagedNames" : { }
              } ]
            }
            """);
  }

  @Test
  void aJournalOfTheFirstFormatIsStillRead() {
    String json =
        "{\"format\": 1, \"staging\": \"file:/t/_staging/r1\", \"target\": \"file:/t\","
            + " \"mode\": \"append\", \"started\": \"2026-11-23T16:03:27Z\", \"partitions\":"
            + " [{\"partition\": \"day=01\", \"old\": \"file:/t/day=01\", \"new\":"
            + " \"file:/t/_staging/r1/day=01\", \"replaced\": \"file:/t/_staging/r1/_replaced/day=01\","
            + " \"oldFiles\": {}, \"newFiles\": {\"part-00000-9a.parquet\": 7}}]}";

    StagedPublisher.Move move = PublishJournal.fromJson(json, "j").moves().get(0);

    assertThat(move.stagedNames()).isEmpty();
    assertThat(move.stagedFile("part-00000-9a.parquet").toString())
        .isEqualTo("file:/t/_staging/r1/day=01/part-00000-9a.parquet");
  }

  @Test
  void aJournalOfALaterFormatIsRefusedNamingTheFormats() {
    assertThatThrownBy(
            () -> PublishJournal.fromJson("{\"format\": 3}", "t/_staging/r1/_publish.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read publish journal t/_staging/r1/_publish.json: format 3 is not supported"
                + " (this build reads format 1 or 2)");
  }

  @Test
  void aDamagedJournalIsNamedWithTheField() {
    String json =
        "{\"format\": 2, \"staging\": \"file:/t/_staging/r1\", \"target\": \"file:/t\","
            + " \"mode\": \"append\", \"started\": \"2026-11-23T16:03:27Z\", \"partitions\":"
            + " [{\"partition\": \"day=01\"}]}";

    assertThatThrownBy(() -> PublishJournal.fromJson(json, "t/_staging/r1/_publish.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read publish journal t/_staging/r1/_publish.json: field 'new' is missing");
  }

  private static final BatchId BATCH = BatchId.of("files", List.of("raw/a.json"));
  private static final BatchId OTHER_BATCH = BatchId.of("files", List.of("raw/b.json"));

  /** The files with the attempt in their batch names replaced by {@code *}. */
  private static Map<String, String> batchNames(Map<String, String> files) {
    Map<String, String> named = new TreeMap<>();
    files.forEach(
        (name, content) ->
            named.put(name.replaceAll("(part-[0-9a-f]{16})-[0-9a-f]{8}-", "$1-*-"), content));
    return named;
  }

  @Test
  void unpartitionedOverwriteReplacesDataFilesOnly() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("part-old.parquet"), "old");
    write(target.resolve("_quality/metrics.json"), "[]");
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("part-new.parquet"), "new");

    publisher.publish(
        staging.toString(), target.toString(), List.of(), WriteMode.OVERWRITE_PARTITIONS);

    assertThat(files(target))
        .containsExactly(
            Map.entry("_quality/metrics.json", "[]"), Map.entry("part-new.parquet", "new"));
  }

  /**
   * Three days: two with files the publish replaces, one new. Renames: 1 the journal (written under
   * a temporary name, then renamed), 2 day=01 aside, 3 staged day=01 in, 4 day=02 aside, 5 staged
   * day=02 in, 6 staged day=03 in, 7 the _published mark.
   */
  @ParameterizedTest(name = "rename {0} fails: {1}")
  @MethodSource("partitionRenames")
  void aFailedPartitionPublishPutsEveryPartitionBack(int nth, FaultyFileSystem.Failure failure)
      throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    Map<String, String> before = table(target);
    FaultyFileSystem.failRename(nth, failure);

    assertThatThrownBy(() -> faultyOverwrite(staging, target, DAYS))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot publish " + staging)
        .hasMessageContaining(nth == 1 ? "_publish.json" : "the table was put back as it was");
    assertDiscardPutsTheTableBack(target, staging, before);
  }

  static Stream<Arguments> partitionRenames() {
    return renameFailures(7);
  }

  /**
   * Renames: 1 the journal, 2 and 3 the old files aside, 4 and 5 the staged files in, 6 the mark.
   */
  @ParameterizedTest(name = "rename {0} fails: {1}")
  @MethodSource("fileRenames")
  void aFailedUnpartitionedPublishPutsTheOldFilesBack(int nth, FaultyFileSystem.Failure failure)
      throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("part-old-1.parquet"), "old 1");
    write(target.resolve("part-old-2.parquet"), "old 2 and more");
    write(target.resolve("_quality/metrics.json"), "[]");
    Map<String, String> before = table(target);
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("part-new-1.parquet"), "new 1");
    write(staging.resolve("part-new-2.parquet"), "new 2");
    FaultyFileSystem.failRename(nth, failure);

    assertThatThrownBy(() -> faultyOverwrite(staging, target, List.of()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(nth == 1 ? "_publish.json" : "the table was put back as it was");

    assertDiscardPutsTheTableBack(target, staging, before);
  }

  static Stream<Arguments> fileRenames() {
    return renameFailures(6);
  }

  /** Each of the first {@code renames} renames, failing in each way. */
  private static Stream<Arguments> renameFailures(int renames) {
    return IntStream.rangeClosed(1, renames)
        .boxed()
        .flatMap(
            nth -> Stream.of(FaultyFileSystem.Failure.values()).map(how -> Arguments.of(nth, how)));
  }

  /** Renames: 1 the journal, 2 and 3 the staged files in, 4 the mark. */
  @ParameterizedTest(name = "rename {0} fails")
  @ValueSource(ints = {1, 2, 3, 4})
  void aFailedAppendRemovesWhatItAdded(int nth) throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=01/part-a.parquet"), "a");
    Map<String, String> before = table(target);
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("day=01/part-n1.parquet"), "new 1");
    write(staging.resolve("day=02/part-n2.parquet"), "new 2");
    FaultyFileSystem.failRename(nth, FaultyFileSystem.Failure.HALFWAY);

    assertThatThrownBy(() -> faultyAppend(staging, target, List.of("day=01", "day=02")))
        .isInstanceOf(UncheckedIOException.class);

    assertDiscardPutsTheTableBack(target, staging, before);
  }

  @Test
  void aPartitionThatCannotBePutBackKeepsItsFilesAndIsNamed() throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    // day=02's staged files half moved in, then the first delete of the undo (a new file) fails.
    FaultyFileSystem.failRename(5, FaultyFileSystem.Failure.HALFWAY);
    FaultyFileSystem.failDelete(1);

    assertThatThrownBy(() -> faultyOverwrite(staging, target, DAYS))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could not put back partitions [day=02]")
        .hasMessageContaining("kept in file:" + staging.resolve("_replaced") + " (not deleted)")
        .hasMessageContaining(
            "the next run of the job puts them back before it does anything else");
    faulty().discard(staging.toString());
    FaultyFileSystem.reset();
    expireStagingADayLater(target);

    // day=01 is back; day=02's previous files are kept where the message says.
    assertThat(files(target.resolve("day=01"))).isEqualTo(DAY_01);
    assertThat(files(staging.resolve("_replaced/day=02"))).isEqualTo(DAY_02);
    assertThat(target.resolve("day=03")).doesNotExist();

    // The next run puts them back before anything else.
    assertThat(publisher.recover(target.resolve("_staging").toString()))
        .singleElement()
        .asString()
        .startsWith("Undid the publish of file:" + staging);
    assertThat(files(target.resolve("day=02"))).isEqualTo(DAY_02);
    assertThat(staging).doesNotExist();
  }

  @Test
  void anOutageDuringThePublishKeepsTheReplacedFiles() throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    // day=02 half moved aside, then nothing works any more: the undo cannot move anything back.
    FaultyFileSystem.outageFromRename(4, FaultyFileSystem.Failure.HALFWAY);

    assertThatThrownBy(() -> faultyOverwrite(staging, target, DAYS))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could not put back partitions [day=02, day=01]");
    FaultyFileSystem.reset();
    faulty().discard(staging.toString());

    // Every previous file still exists exactly once: in the table or kept aside.
    Map<String, String> day01 = new TreeMap<>(files(staging.resolve("_replaced/day=01")));
    assertThat(day01).isEqualTo(DAY_01);
    Map<String, String> day02 = new TreeMap<>(files(staging.resolve("_replaced/day=02")));
    day02.putAll(files(target.resolve("day=02")));
    assertThat(day02).isEqualTo(DAY_02);
  }

  /**
   * A run killed during its publish (here: every file system call fails from rename {@code nth} on,
   * so it cannot undo anything itself) leaves its journal open; the next run undoes it before
   * anything else, and the table holds exactly its previous files; or, when the kill came after the
   * {@code _published} mark, finishes it, and the table holds exactly the new ones.
   */
  @ParameterizedTest(name = "killed at rename {0}: {1}")
  @MethodSource("partitionRenames")
  void theNextRunUndoesAPublishKilledHalfway(int nth, FaultyFileSystem.Failure failure)
      throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    Map<String, String> before = table(target);
    FaultyFileSystem.outageFromRename(nth, failure);
    assertThatThrownBy(() -> faultyOverwrite(staging, target, DAYS))
        .isInstanceOf(UncheckedIOException.class);
    faulty().discard(staging.toString());
    FaultyFileSystem.reset();
    // Another run's expiry of stale staging folders leaves an open journal alone.
    expireStagingADayLater(target);
    boolean journalOpen = Files.exists(staging.resolve("_publish.json"));
    assertThat(journalOpen || nth == 1).isTrue();
    boolean published = Files.exists(staging.resolve("_published"));

    List<String> recovered = publisher.recover(target.resolve("_staging").toString());

    assertThat(recovered).hasSize(journalOpen ? 1 : 0);
    assertThat(table(target)).isEqualTo(published ? published(before) : before);
    assertThat(files(target.resolve("_staging"))).isEmpty();
  }

  /** The table of {@link #threeDays} once the staged days replaced its own. */
  private static Map<String, String> published(Map<String, String> before) {
    Map<String, String> after = new TreeMap<>(before);
    after.keySet().removeIf(name -> name.startsWith("day=0") && !name.startsWith("day=09"));
    for (String day : DAYS) {
      after.put(day + "/part-n1.parquet", "new 1 of " + day);
      after.put(day + "/part-n2.parquet", "new 2 of " + day);
    }
    return after;
  }

  /** Killed after every partition was in place, while cleaning up: the next run finishes it. */
  @Test
  void theNextRunFinishesAPublishKilledWhileCleaningUp() throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    Map<String, String> after = published(table(target));
    // The first delete is that of _replaced, after the _published mark.
    FaultyFileSystem.outageFromDelete(1);
    faultyOverwrite(staging, target, DAYS);
    FaultyFileSystem.reset();
    assertThat(staging.resolve("_publish.json")).exists();
    assertThat(staging.resolve("_published")).exists();

    assertThat(publisher.recover(target.resolve("_staging").toString()))
        .singleElement()
        .asString()
        .startsWith("Finished the publish of file:" + staging);

    assertThat(table(target)).isEqualTo(after);
    assertThat(staging).doesNotExist();
  }

  @Test
  void aJournalThatCannotBeUndoneFailsTheNextRunNamingIt() throws IOException {
    Path target = dir.resolve("table");
    Path staging = target.resolve("_staging/r1");
    threeDays(target, staging);
    FaultyFileSystem.outageFromRename(5, FaultyFileSystem.Failure.HALFWAY);
    assertThatThrownBy(() -> faultyOverwrite(staging, target, DAYS))
        .isInstanceOf(UncheckedIOException.class);
    FaultyFileSystem.reset();
    // Still failing when the next run starts: its first delete (a new file of day=02).
    FaultyFileSystem.failDelete(1);

    assertThatThrownBy(() -> faulty().recover(target.resolve("_staging").toString()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("journal file:" + staging.resolve("_publish.json"))
        .hasMessageContaining("could not put back partitions [day=02]")
        .hasMessageContaining("move them back into the table by hand, then delete file:" + staging);
    assertThat(files(staging.resolve("_replaced/day=02"))).isEqualTo(DAY_02);
    assertThat(files(target.resolve("day=01"))).isEqualTo(DAY_01);
  }

  private static final List<String> DAYS = List.of("day=01", "day=02", "day=03");
  private static final WriteMode OVERWRITE = WriteMode.OVERWRITE_PARTITIONS;
  private static final Map<String, String> DAY_01 =
      Map.of("part-a1.parquet", "old a1", "part-a2.parquet", "old a2, longer");
  private static final Map<String, String> DAY_02 =
      Map.of("part-b1.parquet", "old b1", "part-b2.parquet", "old b2, longer");

  /** day=01 and day=02 with two files each in the table; all three days staged, two files each. */
  private static void threeDays(Path target, Path staging) throws IOException {
    for (Map.Entry<String, String> file : DAY_01.entrySet()) {
      write(target.resolve("day=01").resolve(file.getKey()), file.getValue());
    }
    for (Map.Entry<String, String> file : DAY_02.entrySet()) {
      write(target.resolve("day=02").resolve(file.getKey()), file.getValue());
    }
    write(target.resolve("day=09/part-z.parquet"), "untouched");
    write(target.resolve("_reports/r0.json"), "report");
    for (String day : DAYS) {
      write(staging.resolve(day).resolve("part-n1.parquet"), "new 1 of " + day);
      write(staging.resolve(day).resolve("part-n2.parquet"), "new 2 of " + day);
    }
  }

  private static StagedPublisher faulty() {
    return new StagedPublisher(
        FaultyFileSystem.install(new Configuration(), "file", LocalFileSystem.class));
  }

  /**
   * Appends {@code staging} to {@code target} as {@link #BATCH}, through the faulty file system.
   */
  private static void faultyAppend(Path staging, Path target, List<String> partitions) {
    faulty().publish(staging.toString(), target.toString(), partitions, WriteMode.APPEND, BATCH);
  }

  /**
   * Replaces {@code target}'s {@code partitions} with staged ones, through the faulty file system.
   */
  private static void faultyOverwrite(Path staging, Path target, List<String> partitions) {
    faulty().publish(staging.toString(), target.toString(), partitions, OVERWRITE);
  }

  /**
   * Discards {@code staging}, which is what a job does after a failed publish, whatever failed;
   * then the table holds {@code before} again and the staging folder is gone.
   */
  private static void assertDiscardPutsTheTableBack(
      Path target, Path staging, Map<String, String> before) throws IOException {
    faulty().discard(staging.toString());
    assertThat(table(target)).isEqualTo(before);
    assertThat(staging).doesNotExist();
  }

  /** What another run does a day later: remove staging folders older than a day. */
  private void expireStagingADayLater(Path target) {
    publisher.discardStale(
        target.resolve("_staging").toString(), "none", Instant.now().plus(Duration.ofDays(1)));
  }

  /** The table's files without the staging folder. */
  private static Map<String, String> table(Path target) throws IOException {
    Map<String, String> files = files(target);
    files.keySet().removeIf(name -> name.startsWith("_staging/"));
    return files;
  }

  @BeforeEach
  @AfterEach
  void noFaults() {
    FaultyFileSystem.reset();
  }

  @Test
  void deletesOnlyEmptyFolders() throws IOException {
    Path empty = dir.resolve("table/_staging");
    Files.createDirectories(empty);
    Path used = dir.resolve("other/_staging");
    write(used.resolve("r2/part-a.parquet"), "a");

    publisher.deleteIfEmpty(empty.toString());
    publisher.deleteIfEmpty(used.toString());
    publisher.deleteIfEmpty(dir.resolve("missing").toString());

    assertThat(empty).doesNotExist();
    assertThat(used.resolve("r2/part-a.parquet")).exists();
  }

  @Test
  void discardLeavesTheTableAsItWas() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=01/part-a.parquet"), "a");
    Map<String, String> before = files(target);
    Path staging = dir.resolve("staging/r1");
    write(staging.resolve("day=01/part-z.parquet"), "z");

    publisher.discard(staging.toString());

    assertThat(files(target)).isEqualTo(before);
    assertThat(staging).doesNotExist();
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Every file under {@code root} (relative path, content), skipping Hadoop's .crc files. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        if (!path.getFileName().toString().endsWith(".crc")) {
          files.put(root.relativize(path).toString(), Files.readString(path));
        }
      }
    }
    return files;
  }
}
