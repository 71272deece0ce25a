package dev.lakeetl.incremental;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;

/** The {@code incremental.*} keys: which input a batch run processes. */
public final class IncrementalKeys {
  public static final ConfigKey<IncrementalMode> MODE =
      ConfigKey.enumeration("incremental.mode", IncrementalMode.class)
          .withDefault(IncrementalMode.FULL)
          .description(
              "full (all input), run-date (the days of incremental.run-date or --run-date) or"
                  + " bookmark (only input no earlier run processed)");
  public static final ConfigKey<String> RUN_DATE =
      ConfigKey.string("incremental.run-date")
          .description(
              "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (inclusive); selects run-date mode; the"
                  + " argument --run-date overrides it");
  public static final ConfigKey<String> BOOKMARK_PATH =
      ConfigKey.string("incremental.bookmark.path")
          .description("Folder of the bookmark versions; default target.path/_bookmarks/job.name");
  public static final ConfigKey<Boolean> BOOKMARK_PAUSE =
      ConfigKey.bool("incremental.bookmark.pause")
          .withDefault(false)
          .description(
              "Bookmark mode: process what is new since the bookmark but do not commit (Glue's"
                  + " job-bookmark-pause)");

  /** Every incremental key. */
  public static final ConfigSchema SCHEMA =
      ConfigSchema.of(MODE, RUN_DATE, BOOKMARK_PATH, BOOKMARK_PAUSE);

  private IncrementalKeys() {}
}
