package dev.lakeetl.incremental;

/**
 * Whether a bookmark run commits what it processed: Glue's {@code job-bookmark-enable} or {@code
 * job-bookmark-pause} ({@code incremental.bookmark.pause}).
 */
public enum BookmarkCommit {
  /** A new bookmark version records the run's inputs once its output is published. */
  AFTER_PUBLISH,
  /** The bookmark stays as it is: the next run reads the same inputs again. */
  PAUSED
}
