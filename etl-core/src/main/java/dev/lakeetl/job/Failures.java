package dev.lakeetl.job;

import dev.lakeetl.io.ReadFailures;
import dev.lakeetl.io.SourceNotFoundException;
import dev.lakeetl.report.ReconciliationException;
import java.util.Optional;

/** Turns a run's failure into the message its report and log show. */
public final class Failures {
  private Failures() {}

  /**
   * The message of a failure caused by the input or the configuration rather than a bug: a missing
   * path, an unreadable file (named by the reader), rules naming columns the data lacks, counts
   * that do not reconcile, or a {@link RunFailedException}. Empty for anything else, which is
   * logged with its stack trace.
   */
  public static Optional<String> expected(Throwable failure) {
    Optional<String> unreadable = ReadFailures.explain(failure);
    if (unreadable.isPresent()) {
      return unreadable;
    }
    if (failure instanceof SourceNotFoundException
        || failure instanceof ReconciliationException
        || failure instanceof RunFailedException
        || failure instanceof IllegalArgumentException) {
      return Optional.of(message(failure));
    }
    return Optional.empty();
  }

  /** The failure's message, or its class name when it has none. */
  public static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getName() : message;
  }
}
