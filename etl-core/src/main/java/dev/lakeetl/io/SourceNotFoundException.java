package dev.lakeetl.io;

/** A configured source path that does not exist or matches nothing. */
public final class SourceNotFoundException extends RuntimeException {
  private final String path;

  public SourceNotFoundException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The path as it was resolved for the filesystem. */
  public String path() {
    return path;
  }
}
