package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.incremental.BookmarkState;
import dev.lakeetl.incremental.BookmarkStore;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.TableRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code target.write-mode: append}: a run that fails after its publish, or while publishing, is
 * retried and the table holds every input row exactly once, as Spark reads the table by path.
 *
 * <p>Failures are injected with {@link FaultyFileSystem} (the job's own {@code
 * spark.hadoop.fs.file.impl}). The publish of {@link #NEW_FILES} makes these renames: 1 its
 * journal, 2 day 1's file in, 3 day 2's file in, 4 the {@code _published} mark.
 */
class AppendPublishTest {
  private static final String JOB = RefineRun.JOB;

  /** The rows of the first run, in the table before every scenario. */
  private static final List<String> FIRST = List.of("01 06:00", "01 07:00");

  /** The files of the second run: one more for day 1, one for day 2. */
  private static final List<String> NEW_FILES = List.of("01/b.json", "02/c.json");

  private static final List<String> ALL =
      List.of("01 06:00", "01 07:00", "01 08:00", "01 09:00", "02 10:00");

  @TempDir Path directory;

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  @Test
  void aSecondAppendWithNewInputKeepsBothBatches() throws IOException {
    firstRun();
    newFiles();

    assertThat(run("r2", Mode.BOOKMARK).status()).isEqualTo(RunStatus.SUCCEEDED);

    assertThat(rows()).containsExactlyElementsOf(ALL);
  }

  static Stream<Arguments> kills() {
    return Stream.of(
        // Day 2's file half moved in (S3: copied, source not deleted): the next run undoes it.
        Arguments.of(3, FaultyFileSystem.Failure.HALFWAY),
        // Every file in place and marked published, the bookmark never committed: the next run
        // finishes the publish, then reads the same files again.
        Arguments.of(4, FaultyFileSystem.Failure.COPIED_NOT_DELETED));
  }

  @ParameterizedTest(name = "killed at publish rename {0} ({1})")
  @MethodSource("kills")
  void aRunKilledWhilePublishingIsRetriedWithEachRowOnce(int rename, FaultyFileSystem.Failure how)
      throws IOException {
    firstRun();
    newFiles();
    FaultyFileSystem.outageFromRename(rename, how);

    RunReport killed = run("r2", Mode.BOOKMARK, faulty());
    assertThat(killed.status()).isEqualTo(RunStatus.FAILED);
    FaultyFileSystem.reset();
    expireLease();
    RunReport retry = run("r3", Mode.BOOKMARK);

    assertThat(retry.error()).isEmpty();
    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows()).containsExactlyElementsOf(ALL);
    assertThat(run("r4", Mode.BOOKMARK).status()).isEqualTo(RunStatus.EMPTY);
  }

  /** Renaming day 2's file fails (nothing killed): the run undoes its publish itself. */
  @Test
  void aRunWhoseAppendFailedHalfwayIsRetriedWithEachRowOnce() throws IOException {
    firstRun();
    newFiles();
    FaultyFileSystem.failRename(3, FaultyFileSystem.Failure.HALFWAY);

    RunReport failed = run("r2", Mode.BOOKMARK, faulty());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error())
        .hasValueSatisfying(error -> assertThat(error).contains("the table was put back"));
    assertThat(rows()).containsExactlyElementsOf(FIRST);
    FaultyFileSystem.reset();
    RunReport retry = run("r3", Mode.BOOKMARK);

    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows()).containsExactlyElementsOf(ALL);
  }

  /**
   * The run publishes, then its bookmark commit fails: while it published, the bookmark was rewound
   * to the version the run started from ({@code bin/etl-bookmarks rewind}). The retry selects the
   * same files again and replaces what the failed run appended.
   */
  @Test
  void aRunWhoseBookmarkCommitFailedIsRetriedWithEachRowOnce() throws IOException {
    firstRun();
    newFiles();
    rewindTheBookmarkWhilePublishing();

    RunReport failed = run("r2", Mode.BOOKMARK, faulty());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(rows()).containsExactlyElementsOf(ALL);
    FaultyFileSystem.reset();
    RunReport retry = run("r3", Mode.BOOKMARK);

    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows()).containsExactlyElementsOf(ALL);
  }

  /**
   * As above, but a file arrives before the retry: the retry reads it with the failed run's files
   * and still replaces what the failed run appended, since it starts from the same bookmark state.
   */
  @Test
  void aRetryThatAlsoReadsANewerFileReplacesTheFailedRunsRows() throws IOException {
    firstRun();
    newFiles();
    rewindTheBookmarkWhilePublishing();
    assertThat(run("r2", Mode.BOOKMARK, faulty()).status()).isEqualTo(RunStatus.FAILED);
    FaultyFileSystem.reset();
    raw("02/d.json", "11:00");

    RunReport retry = run("r3", Mode.BOOKMARK);

    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows())
        .containsExactly("01 06:00", "01 07:00", "01 08:00", "01 09:00", "02 10:00", "02 11:00");
  }

  /** Without bookmarks: a run date run again replaces its own rows, other dates' stay. */
  @Test
  void aRunDateRunAgainReplacesItsOwnRows() throws IOException {
    raw("01/a.json", "06:00", "07:00");
    raw("02/c.json", "10:00");
    assertThat(run("r1", Mode.RUN_DATE, "--run-date", "2001-01-01").status())
        .isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run("r2", Mode.RUN_DATE, "--run-date", "2001-01-02").status())
        .isEqualTo(RunStatus.SUCCEEDED);
    // A late file for day 1, then day 1 again.
    raw("01/b.json", "08:00");

    assertThat(run("r3", Mode.RUN_DATE, "--run-date", "2001-01-01").status())
        .isEqualTo(RunStatus.SUCCEEDED);

    assertThat(rows()).containsExactly("01 06:00", "01 07:00", "01 08:00", "02 10:00");
  }

  private void firstRun() throws IOException {
    raw("01/a.json", "06:00", "07:00");
    assertThat(run("r1", Mode.BOOKMARK).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows()).containsExactlyElementsOf(FIRST);
  }

  private void newFiles() throws IOException {
    raw(NEW_FILES.get(0), "08:00", "09:00");
    raw(NEW_FILES.get(1), "10:00");
  }

  /**
   * During the next publish, just before its {@code _published} mark (every file of the run is in
   * the table), rewinds the bookmark to the version the run started from ({@code bin/etl-bookmarks
   * rewind}): the run's own bookmark commit then fails.
   */
  private void rewindTheBookmarkWhilePublishing() {
    BookmarkStore bookmark =
        BookmarkStore.open(
            directory.resolve("refined/flights/_bookmarks/" + JOB).toString(), new Configuration());
    BookmarkState base = bookmark.latest().orElseThrow();
    FaultyFileSystem.beforeRename(
        4,
        () ->
            bookmark.commit(
                base.version(), JOB, "tool", "rewind to version 1", base.entries(), Instant.now()));
  }

  /** The lease of a run that could not release it (its file system was gone) has expired. */
  private void expireLease() throws IOException {
    Path lease = directory.resolve("refined/flights/_lease.json");
    if (Files.exists(lease)) {
      Files.writeString(
          lease,
          Files.readString(lease)
              .replaceAll("\"expires\":\"[^\"]+\"", "\"expires\":\"2001-01-01T00:00:00Z\""));
    }
  }

  /**
   * Arguments that put {@link FaultyFileSystem} in front of the local file system, counting only
   * the renames of the publish.
   */
  private String[] faulty() {
    FaultyFileSystem.countOnly(
        path -> {
          String text = path.toString();
          return text.contains("/refined/flights/")
              && !text.contains("/_temporary")
              && !text.contains("/.spark-staging")
              && !text.contains("/_reports/")
              && !text.contains("/_quality/")
              && !text.contains("/_lease")
              && !text.contains("/_bookmarks/");
        });
    return files.jobArguments();
  }

  /** A raw file of 2001-01-{@code file}'s day with one flight per departure time. */
  private void raw(String file, String... departures) throws IOException {
    Path path = directory.resolve("raw/flights/2001/01").resolve(file);
    Files.createDirectories(path.getParent());
    String day = file.substring(0, 2);
    List<String> lines = new ArrayList<>();
    for (String departure : departures) {
      lines.add("{\"date\":\"2001/01/" + day + " " + departure + "\",\"origin\":\"LAX\"}");
    }
    Files.write(path, lines, StandardCharsets.UTF_8);
  }

  /** What Spark reading the table by path sees: day and departure time of every row, sorted. */
  private List<String> rows() {
    return TableRows.sorted(
        directory.resolve("refined/flights"), "date_format(departure_time, 'dd HH:mm')");
  }

  private enum Mode {
    BOOKMARK,
    RUN_DATE
  }

  private RunReport run(String runId, Mode mode, String... extra) throws IOException {
    List<String> lines =
        new ArrayList<>(RefineRun.datedJsonSource(directory, "date TIMESTAMP, origin STRING"));
    lines.addAll(
        RefineRun.dailyTable(
            directory.resolve("refined/flights"), directory.resolve("quarantine/flights")));
    lines.add("target.write-mode: append");
    if (mode == Mode.BOOKMARK) {
      lines.add("incremental.mode: bookmark");
    }
    return RefineRun.run(RefineRun.writeConfig(directory, lines), runId, extra);
  }
}
