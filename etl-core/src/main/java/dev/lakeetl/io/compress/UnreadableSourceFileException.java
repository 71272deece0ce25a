package dev.lakeetl.io.compress;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.fs.Path;

/** A source file that cannot be read to the end: truncated or corrupt compressed data. */
public final class UnreadableSourceFileException extends IOException {
  private final String path;

  public UnreadableSourceFileException(String path, Throwable cause) {
    super(
        "Cannot read source file '"
            + requireNonNull(path, "path is null")
            + "': "
            + requireNonNull(cause, "cause is null").getMessage(),
        cause);
    this.path = path;
  }

  /** The file that failed. */
  public String path() {
    return path;
  }

  /** A path as Spark reports it (URI-encoded) in the form Hadoop prints it. */
  public static String decode(String uriPath) {
    try {
      return new Path(new URI(uriPath)).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return uriPath;
    }
  }
}
