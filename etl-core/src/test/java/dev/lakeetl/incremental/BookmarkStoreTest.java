package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BookmarkStoreTest {
  private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");
  private static final BookmarkEntry A = new BookmarkEntry("file:/raw/a.json", 10, 1000);
  private static final BookmarkEntry B = new BookmarkEntry("file:/raw/b.json", 20, 2000);

  @TempDir Path dir;

  private BookmarkStore store() {
    return BookmarkStore.open(dir.resolve("_bookmarks/job").toString(), new Configuration());
  }

  @Test
  void isEmptyBeforeTheFirstCommitAndCreatesNothing() {
    assertThat(store().versions()).isEmpty();
    assertThat(store().latest()).isEmpty();
    assertThat(dir.resolve("_bookmarks")).doesNotExist();
  }

  @Test
  void commitsVersionsThatReadBackAsWritten() {
    BookmarkStore store = store();
    store.commit(0, "job", "run-1", "run", List.of(A), T1);
    BookmarkState second = store.commit(1, "job", "run-2", "run", List.of(B, A), T2);

    assertThat(store.versions()).containsExactly(1, 2);
    assertThat(store.latest()).contains(second);
    assertThat(second.entries()).containsExactly(A, B);
    assertThat(store.read(1))
        .isEqualTo(new BookmarkState(1, "job", T1, "run-1", "run", List.of(A)));
    assertThat(dir.resolve("_bookmarks/job")).isDirectoryContaining("glob:**/v2.json");
    // No temporary files are left next to the versions.
    assertThat(dir.resolve("_bookmarks/job").toFile().list())
        .containsExactlyInAnyOrder("v1.json", "v2.json");
  }

  @Test
  void refusesACommitFromAnOutdatedVersion() {
    BookmarkStore store = store();
    store.commit(0, "job", "run-1", "run", List.of(A), T1);
    assertThatThrownBy(() -> store.commit(0, "job", "run-2", "run", List.of(B), T2))
        .isInstanceOf(BookmarkConflictException.class)
        .hasMessage(
            "Cannot commit bookmark "
                + dir.resolve("_bookmarks/job")
                + " (run by run-2): it started from version 0 but version 1 was committed"
                + " meanwhile by another run, reset or rewind; run the job again to process what"
                + " is still new");
    assertThat(store.latest().orElseThrow().runId()).isEqualTo("run-1");
  }

  @Test
  void exactlyOneOfManyConcurrentCommitsFromOneVersionWins() throws Exception {
    int runs = 8;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      for (int round = 0; round < 10; round++) {
        BookmarkStore store =
            BookmarkStore.open(dir.resolve("race-" + round).toString(), new Configuration());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
          String runId = "run-" + run;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      store.commit(0, "job", runId, "run", List.of(A), T1);
                      return true;
                    } catch (BookmarkConflictException e) {
                      return false;
                    }
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> result : results) {
          won += result.get() ? 1 : 0;
        }
        assertThat(won).as("commits that succeeded in round %d", round).isEqualTo(1);
        assertThat(store.versions()).containsExactly(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAFileOfAnotherFormat() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("_bookmarks/job"));
    Files.writeString(folder.resolve("v1.json"), "{\"format\": 9}");
    assertThatThrownBy(() -> store().latest())
        .hasMessage(
            "Cannot read bookmark "
                + folder.resolve("v1.json")
                + ": format 9 is not supported (this build reads format 1)");
  }
}
