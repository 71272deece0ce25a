package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookmarkJsonTest {
  private static final BookmarkState STATE =
      new BookmarkState(
          3,
          "flights",
          Instant.parse("2026-11-23T18:01:02.125Z"),
          "20261123T180050Z-3f9a1c",
          "run",
          List.of(
              new BookmarkEntry("s3a://raw/flights/a.json", 617, 1763910000000L),
              new BookmarkEntry("s3a://raw/flights/b.json", 20, 1763910060000L)));

  @Test
  void writesTheDocumentedLayout() {
    // Bookmarks are read by people and by older builds: the text only changes with its format.
    assertThat(BookmarkJson.write(STATE))
        .isEqualTo(
            """
            {
              "format" : 1,
              "version" : 3,
              "job" : "flights",
              "committedAt" : "2026-11-23T18:01:02.125Z",
              "runId" : "20261123T180050Z-3f9a1c",
              "action" : "run",
              "entries" : [ {
                "path" : "s3a://raw/flights/a.json",
                "size" : 617,
                "modified" : 1763910000000
              }, {
                "path" : "s3a://raw/flights/b.json",
                "size" : 20,
                "modified" : 1763910060000
              } ]
            }
            """);
  }

  @Test
  void readsBackWhatItWrites() {
    assertThat(BookmarkJson.read(BookmarkJson.write(STATE), "v3.json")).isEqualTo(STATE);
  }
}
