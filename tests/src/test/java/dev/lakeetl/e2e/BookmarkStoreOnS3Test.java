package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.incremental.BookmarkConflictException;
import dev.lakeetl.incremental.BookmarkEntry;
import dev.lakeetl.incremental.BookmarkState;
import dev.lakeetl.incremental.BookmarkStore;
import dev.lakeetl.testing.S3Proxy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The bookmark store on a real S3 API (s3proxy) through S3A, as jobs use it on AWS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookmarkStoreOnS3Test {
  private static final String ACCESS_KEY = "lakeetl-bookmarks";
  private static final String SECRET_KEY = "bookmarkSecret-4Hq8Zt";
  private static final BookmarkEntry A = new BookmarkEntry("s3a://raw/flights/2001/01/01/a", 1, 1);
  private static final BookmarkEntry B = new BookmarkEntry("s3a://raw/flights/2001/01/02/b", 2, 2);

  @TempDir static Path work;

  private S3Proxy proxy;
  private Configuration conf;

  @BeforeAll
  void startS3() throws IOException {
    proxy =
        S3Proxy.start(work, ACCESS_KEY, SECRET_KEY, Repository.logFolder().resolve("s3proxy.log"));
    S3Clients.of(proxy).createBucket("lake");
    conf = new Configuration();
    proxy.s3aSettings().forEach(conf::set);
  }

  @AfterAll
  void stopS3() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void commitsVersionsAndRefusesAStaleCommit() {
    BookmarkStore store = BookmarkStore.open("s3a://lake/refined/flights/_bookmarks/flights", conf);
    assertThat(store.latest()).isEmpty();

    store.commit(0, "flights", "run-1", "run", List.of(A), Instant.parse("2026-11-20T10:00:00Z"));
    BookmarkState second =
        store.commit(
            1, "flights", "run-2", "run", List.of(A, B), Instant.parse("2026-11-21T10:00:00Z"));
    assertThatThrownBy(
            () ->
                store.commit(
                    1,
                    "flights",
                    "run-3",
                    "run",
                    List.of(B),
                    Instant.parse("2026-11-21T11:00:00Z")))
        .isInstanceOf(BookmarkConflictException.class)
        .hasMessageContaining("it started from version 1 but version 2 was committed meanwhile");

    BookmarkStore reopened =
        BookmarkStore.open("s3a://lake/refined/flights/_bookmarks/flights", conf);
    assertThat(reopened.versions()).containsExactly(1, 2);
    assertThat(reopened.latest()).contains(second);
    assertThat(
            S3Clients.of(proxy)
                .doesObjectExist("lake", "refined/flights/_bookmarks/flights/v2.json"))
        .isTrue();
  }
}
