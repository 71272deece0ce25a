package dev.lakeetl.incremental;

import java.time.Instant;
import java.util.Optional;

/** The input one run reads; in bookmark mode it knows what to commit once the run succeeded. */
public interface InputSelection {
  /**
   * Records this run's input in the bookmark. Call only after every output is published: a run that
   * fails before leaves the bookmark as it was, so the next run reads the same input again. Does
   * nothing outside bookmark mode, or when paused.
   *
   * @return the committed version, if one was committed
   * @throws BookmarkConflictException when another run committed since this one read the bookmark
   */
  Optional<BookmarkState> commit(String job, String runId, Instant now);

  /**
   * Checks, just before the run publishes, that the bookmark is still at the version this run
   * selected its input from. Does nothing outside bookmark mode.
   *
   * @throws BookmarkConflictException when another run, reset or rewind committed meanwhile
   */
  default void checkCurrent() {}
}
