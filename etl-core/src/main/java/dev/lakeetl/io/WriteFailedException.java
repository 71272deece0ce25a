package dev.lakeetl.io;

/** A write to the target that failed; Spark has discarded the files of the failed attempt. */
public final class WriteFailedException extends RuntimeException {
  private final String target;

  public WriteFailedException(String target, Throwable cause) {
    super("Cannot write " + target + ": " + rootMessage(cause), cause);
    this.target = target;
  }

  /** The target path as resolved for the filesystem. */
  public String target() {
    return target;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage();
    return root.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
  }
}
