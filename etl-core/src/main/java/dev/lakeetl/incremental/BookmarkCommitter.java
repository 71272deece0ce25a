package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import java.util.Optional;

/**
 * Commits a run's {@link InputSelection} when the run succeeded, after every output is published
 * (and registered by the listeners before this one). A FAILED or EMPTY run commits nothing; a
 * conflict fails the run.
 *
 * <p>A job returns it from {@code listeners()} and hands it the selection it read in {@code
 * process}.
 */
public final class BookmarkCommitter implements RunListener {
  private Optional<InputSelection> selection = Optional.empty();

  /** The input this run reads. */
  public void selected(InputSelection input) {
    this.selection = Optional.of(requireNonNull(input, "input is null"));
  }

  /**
   * Checks, just before the run publishes, that no other run committed the bookmark since this one
   * selected its input (its output would replace what that run published).
   *
   * @throws BookmarkConflictException when one did
   */
  public void checkCurrent() {
    selection.ifPresent(InputSelection::checkCurrent);
  }

  @Override
  public void runSucceeded(RunContext context) {
    requireNonNull(context, "context is null");
    selection.ifPresent(
        input ->
            input.commit(context.setup().jobName(), context.runId(), context.clock().instant()));
  }
}
