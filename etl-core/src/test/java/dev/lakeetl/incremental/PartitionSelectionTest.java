package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;

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

class PartitionSelectionTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private String table;
  private String bookmarks;

  @BeforeEach
  void threeDays() throws IOException {
    table = dir.resolve("refined/flights").toString();
    bookmarks = dir.resolve("_bookmarks/curated").toString();
    write("01", "part-1.parquet");
    write("02", "part-1.parquet");
    write("03", "part-1.parquet");
    write("03", "_SUCCESS");
  }

  /** Selection looks at folders, sizes and times only: any bytes do. */
  private void write(String day, String file) throws IOException {
    Path folder = Files.createDirectories(Path.of(table, "year=2001/month=01/day=" + day));
    Files.writeString(folder.resolve(file), "rows of " + day + " in " + file);
  }

  private List<String> selected(IncrementalConfig incremental) {
    PartitionSelection selection =
        PartitionSelection.select(
            spark, List.of(table), PartitionSelection.DEFAULT_LAYOUT, incremental);
    return folders(selection);
  }

  private List<String> folders(PartitionSelection selection) {
    return selection.partitions(table).orElseThrow().stream()
        .map(path -> path.substring(path.indexOf("year=")))
        .toList();
  }

  private IncrementalConfig bookmark() {
    return new IncrementalConfig(
        IncrementalMode.BOOKMARK, Optional.empty(), bookmarks, BookmarkCommit.AFTER_PUBLISH);
  }

  @Test
  void fullReadsTheWholeTable() {
    assertThat(
            PartitionSelection.select(
                    spark,
                    List.of(table),
                    PartitionSelection.DEFAULT_LAYOUT,
                    IncrementalConfig.full(bookmarks))
                .partitions(table))
        .isEmpty();
  }

  @Test
  void runDateReadsTheDaysThatHavePartitions() {
    IncrementalConfig days =
        new IncrementalConfig(
            IncrementalMode.RUN_DATE,
            Optional.of(RunDates.parse("2001-01-02..2001-01-05")),
            bookmarks,
            BookmarkCommit.AFTER_PUBLISH);
    assertThat(selected(days))
        .containsExactly("year=2001/month=01/day=02", "year=2001/month=01/day=03");
  }

  @Test
  void bookmarkReadsNewAndRewrittenPartitions() throws IOException {
    PartitionSelection first =
        PartitionSelection.select(
            spark, List.of(table), PartitionSelection.DEFAULT_LAYOUT, bookmark());
    assertThat(folders(first)).hasSize(3);
    first.commit("curated", "run-1", NOW);
    assertThat(selected(bookmark())).isEmpty();

    // The upstream job re-runs day 2 (another file) and adds day 4; a _SUCCESS marker is no data.
    write("02", "part-2.parquet");
    write("04", "part-1.parquet");
    write("01", "_SUCCESS");
    assertThat(selected(bookmark()))
        .containsExactly("year=2001/month=01/day=02", "year=2001/month=01/day=04");
  }
}
