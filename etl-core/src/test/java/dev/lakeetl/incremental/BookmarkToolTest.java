package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BookmarkToolTest {
  private static final BookmarkEntry A = new BookmarkEntry("file:/raw/2001/01/01/a.json", 10, 1);
  private static final BookmarkEntry B = new BookmarkEntry("file:/raw/2001/01/02/b.json", 20, 2);
  private static final BookmarkEntry C = new BookmarkEntry("file:/raw/2001/01/03/c.json", 30, 3);
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private BookmarkStore store;
  private String folder;

  @BeforeEach
  void threeRuns() {
    folder = dir.resolve("_bookmarks/job").toString();
    store = BookmarkStore.open(folder, new Configuration());
    store.commit(0, "job", "run-1", "run", List.of(A), Instant.parse("2026-11-20T10:00:00Z"));
    store.commit(1, "job", "run-2", "run", List.of(A, B), Instant.parse("2026-11-21T10:00:00Z"));
    store.commit(2, "job", "run-3", "run", List.of(A, B, C), Instant.parse("2026-11-22T10:00:00Z"));
  }

  private int run(String command, String... options) {
    BookmarkTool tool =
        new BookmarkTool(
            new Configuration(),
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));
    return tool.run(command, BookmarkTool.options(options));
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void resetCommitsAnEmptyVersionAndKeepsTheHistory() {
    assertThat(run("reset", "--path", folder)).isZero();

    BookmarkState latest = store.latest().orElseThrow();
    assertThat(latest.version()).isEqualTo(4);
    assertThat(latest.entries()).isEmpty();
    assertThat(latest.action()).isEqualTo("reset");
    assertThat(store.versions()).containsExactly(1, 2, 3, 4);
    assertThat(printed())
        .isEqualTo(
            "Reset: version 4 of job: reset by etl-bookmarks at 2026-11-23T12:00:00Z, 0 entries\n");
  }

  @Test
  void rewindsToAVersion() {
    assertThat(run("rewind", "--path", folder, "--to-version", "1")).isZero();

    BookmarkState latest = store.latest().orElseThrow();
    assertThat(latest.version()).isEqualTo(4);
    assertThat(latest.entries()).containsExactly(A);
    assertThat(latest.action()).isEqualTo("rewind to version 1");
  }

  @Test
  void rewindsToTheLastVersionCommittedBeforeADay() {
    assertThat(run("rewind", "--path", folder, "--to-date", "2026-11-22")).isZero();

    // Version 3 was committed on 2026-11-22, so the state before that day is version 2.
    assertThat(store.latest().orElseThrow().entries()).containsExactly(A, B);
    assertThat(store.latest().orElseThrow().action()).isEqualTo("rewind to version 2");
  }

  @Test
  void refusesARewindBeforeTheFirstVersion() {
    assertThat(run("rewind", "--path", folder, "--to-date", "2026-11-20")).isEqualTo(1);
    assertThat(printed())
        .startsWith("Cannot rewind " + folder + " to 2026-11-20: no version was committed before");
    assertThat(store.versions()).containsExactly(1, 2, 3);
  }

  @Test
  void showsAndListsVersions() {
    assertThat(run("history", "--path", folder)).isZero();
    assertThat(printed())
        .isEqualTo(
            "version 1 of job: run by run-1 at 2026-11-20T10:00:00Z, 1 entries\n"
                + "version 2 of job: run by run-2 at 2026-11-21T10:00:00Z, 2 entries\n"
                + "version 3 of job: run by run-3 at 2026-11-22T10:00:00Z, 3 entries\n");
  }

  @Test
  void rejectsMissingOptions() {
    assertThat(run("rewind", "--path", folder)).isEqualTo(2);
    assertThat(run("reset")).isEqualTo(2);
    assertThat(run("drop", "--path", folder)).isEqualTo(2);
    assertThat(printed())
        .contains("Cannot rewind: give exactly one of --to-version N and --to-date YYYY-MM-DD")
        .contains("Cannot run reset: --path FOLDER is missing")
        .contains("Cannot run drop: unknown command");
    assertThat(store.versions()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> BookmarkTool.options("--path"))
        .hasMessage("Cannot parse options: --path needs a value");
  }
}
