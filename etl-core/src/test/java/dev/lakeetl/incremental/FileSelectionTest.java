package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceNotFoundException;
import dev.lakeetl.io.Sources;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSelectionTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private Path raw;
  private String bookmarks;

  @BeforeEach
  void threeDays() throws IOException {
    raw = dir.resolve("raw");
    bookmarks = dir.resolve("_bookmarks/job").toString();
    write("2001/01/01/a.json", "{}\n");
    write("2001/01/02/b.json", "{}\n");
    write("2001/01/03/c.json", "{}\n");
    write("2001/01/03/_SUCCESS", "");
  }

  private void write(String relative, String text) throws IOException {
    Path file = raw.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static SourceConfig source(String path) {
    return Sources.json(true, path);
  }

  private SourceConfig dated() {
    return source(raw + "/{yyyy}/{MM}/{dd}");
  }

  private IncrementalConfig runDate(String dates) {
    return new IncrementalConfig(
        IncrementalMode.RUN_DATE,
        Optional.of(RunDates.parse(dates)),
        bookmarks,
        BookmarkCommit.AFTER_PUBLISH);
  }

  /** Selects from the dated source for a target that replaces the partitions a run writes. */
  private FileSelection selectDated(IncrementalConfig incremental) {
    return FileSelection.select(spark, dated(), WriteMode.OVERWRITE_PARTITIONS, incremental);
  }

  private IncrementalConfig bookmark() {
    return new IncrementalConfig(
        IncrementalMode.BOOKMARK, Optional.empty(), bookmarks, BookmarkCommit.AFTER_PUBLISH);
  }

  private List<String> names(FileSelection selection) {
    return selection.files().stream()
        .map(SourceFile::path)
        .map(path -> path.substring(path.lastIndexOf('/') + 1))
        .toList();
  }

  @Test
  void fullReadsEveryDayFolder() {
    FileSelection selection = selectDated(IncrementalConfig.full(bookmarks));
    assertThat(names(selection)).containsExactly("a.json", "b.json", "c.json");
    // Readers get the folder above the days (Parquet's basePath), not the template.
    assertThat(selection.source().paths()).containsExactly(raw.toString());
    assertThat(selection.commit("job", "run-1", NOW)).isEmpty();
  }

  @Test
  void runDateReadsExactlyItsDays() {
    assertThat(names(selectDated(runDate("2001-01-02")))).containsExactly("b.json");
    assertThat(names(selectDated(runDate("2001-01-02..2001-01-03"))))
        .containsExactly("b.json", "c.json");
  }

  @Test
  void runDateOfAMissingDayFailsNamingTheFolder() {
    assertThatThrownBy(() -> selectDated(runDate("2001-01-04")))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessage(
            "Cannot read source: path '" + raw + "/2001/01/04' does not exist (source.path)");
  }

  @Test
  void bookmarkReadsWhatIsNewAndWholeDaysOfIt() throws IOException {
    FileSelection first = selectDated(bookmark());
    assertThat(names(first)).containsExactly("a.json", "b.json", "c.json");
    // Not committed yet (the output is not published): the next run reads everything again.
    assertThat(names(selectDated(bookmark()))).containsExactly("a.json", "b.json", "c.json");
    assertThat(first.commit("job", "run-1", NOW).orElseThrow().version()).isEqualTo(1);

    assertThat(selectDated(bookmark()).files()).isEmpty();

    // A new file on day 2: the whole day is read again, so its partition gets all its rows.
    write("2001/01/02/b2.json", "{}\n");
    FileSelection second = selectDated(bookmark());
    assertThat(names(second)).containsExactly("b.json", "b2.json");
    second.commit("job", "run-2", NOW);

    // A file rewritten in place (another size) is new again.
    write("2001/01/01/a.json", "{}\n{}\n");
    assertThat(names(selectDated(bookmark()))).containsExactly("a.json");
  }

  @Test
  void bookmarkWithAppendReadsOnlyNewFiles() throws IOException {
    FileSelection first =
        FileSelection.select(spark, source(raw.toString()), WriteMode.APPEND, bookmark());
    first.commit("job", "run-1", NOW);
    write("2001/01/02/b2.json", "{}\n");
    assertThat(
            names(
                FileSelection.select(spark, source(raw.toString()), WriteMode.APPEND, bookmark())))
        .containsExactly("b2.json");
  }

  @Test
  void pausedBookmarkReadsWhatIsNewButDoesNotCommit() {
    IncrementalConfig paused =
        new IncrementalConfig(
            IncrementalMode.BOOKMARK, Optional.empty(), bookmarks, BookmarkCommit.PAUSED);
    FileSelection selection = selectDated(paused);
    assertThat(selection.files()).hasSize(3);
    assertThat(selection.commit("job", "run-1", NOW)).isEmpty();
    assertThat(BookmarkStore.open(bookmarks, spark.sparkContext().hadoopConfiguration()).versions())
        .isEmpty();
  }

  @Test
  void aSecondRunFromTheSameVersionCannotCommit() {
    FileSelection one = selectDated(bookmark());
    FileSelection two = selectDated(bookmark());
    one.commit("job", "run-1", NOW);
    assertThatThrownBy(() -> two.commit("job", "run-2", NOW))
        .isInstanceOf(BookmarkConflictException.class)
        .hasMessageContaining("it started from version 0 but version 1 was committed meanwhile");
  }

  @Test
  void rejectsModesTheSourcePathCannotSupport() {
    assertThatThrownBy(
            () ->
                FileSelection.validate(
                    source(raw.toString()), WriteMode.OVERWRITE_PARTITIONS, runDate("2001-01-02")))
        .hasMessage(
            "Cannot select run date 2001-01-02: source.path '"
                + raw
                + "' has no day in it; write the day folders as placeholders, e.g."
                + " .../flights/{yyyy}/{MM}/{dd} or .../flights/date={yyyy}-{MM}-{dd}");
    assertThatThrownBy(
            () ->
                FileSelection.validate(
                    source(raw.toString()), WriteMode.OVERWRITE_PARTITIONS, bookmark()))
        .hasMessageStartingWith(
            "Cannot use incremental.mode=bookmark with target.write-mode=overwrite-partitions");
  }
}
