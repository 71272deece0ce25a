package dev.lakeetl.io;

import dev.lakeetl.io.compress.UnreadableSourceFileException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed read (which surfaces at action time, wrapped in Spark's task failure) into one
 * line naming the file.
 */
public final class ReadFailures {
  private static final Pattern OURS = Pattern.compile("Cannot read source file '([^']*)': (.*)");
  private static final Pattern SPARK_READ =
      Pattern.compile("Encountered error while reading file (\\S+?)\\.? Details");
  private static final Pattern SPARK_FOOTER =
      Pattern.compile("Could not read footer for file: (\\S+)");

  private ReadFailures() {}

  /**
   * "Cannot read source file '&lt;path&gt;': &lt;reason&gt;" when {@code failure} was caused by an
   * unreadable source file; empty for any other failure.
   */
  public static Optional<String> explain(Throwable failure) {
    for (Throwable current = failure; current != null; current = next(current)) {
      if (current instanceof UnreadableSourceFileException unreadable) {
        return Optional.of(unreadable.getMessage());
      }
    }
    // Across process boundaries the cause may only survive as text.
    for (Throwable current = failure; current != null; current = next(current)) {
      String message = String.valueOf(current.getMessage());
      Matcher ours = OURS.matcher(message);
      if (ours.find()) {
        return Optional.of(ours.group());
      }
      for (Pattern pattern : new Pattern[] {SPARK_READ, SPARK_FOOTER}) {
        Matcher spark = pattern.matcher(message);
        if (spark.find()) {
          String file = UnreadableSourceFileException.decode(spark.group(1));
          return Optional.of("Cannot read source file '" + file + "': " + rootReason(current));
        }
      }
    }
    return Optional.empty();
  }

  private static String rootReason(Throwable failure) {
    Throwable root = failure;
    while (next(root) != null) {
      root = next(root);
    }
    return root == failure
        ? "unreadable"
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static Throwable next(Throwable current) {
    Throwable cause = current.getCause();
    return cause == current ? null : cause;
  }
}
