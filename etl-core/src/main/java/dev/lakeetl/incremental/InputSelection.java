package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The input one run reads; in bookmark mode it holds the bookmark version to commit once the run
 * succeeded.
 */
public abstract sealed class InputSelection permits FileSelection, PartitionSelection {
  private final Optional<PendingCommit> bookmark;

  /**
   * @param bookmark the bookmark read at selection; empty outside bookmark mode
   */
  InputSelection(Optional<PendingCommit> bookmark) {
    this.bookmark = requireNonNull(bookmark, "bookmark is null");
  }

  /**
   * Records this run's input in the bookmark. Call only after every output is published: a run that
   * fails before leaves the bookmark as it was, so the next run reads the same input again. Does
   * nothing outside bookmark mode, or when paused.
   *
   * @return the committed version, if one was committed
   * @throws BookmarkConflictException when another run committed since this one read the bookmark
   */
  public final Optional<BookmarkState> commit(String job, String runId, Instant now) {
    requireNonNull(job, "job is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(now, "now is null");
    return bookmark.flatMap(pending -> pending.commit(job, runId, now));
  }

  /**
   * Checks, just before the run publishes, that the bookmark is still at the version this run
   * selected its input from. Does nothing outside bookmark mode.
   *
   * @throws BookmarkConflictException when another run, reset or rewind committed meanwhile
   */
  public final void checkCurrent() {
    bookmark.ifPresent(PendingCommit::checkCurrent);
  }
}
