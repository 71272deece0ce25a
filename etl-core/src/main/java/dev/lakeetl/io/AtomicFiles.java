package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes small files (run reports, publish journals) through Hadoop's FileSystem so that a reader
 * sees either no file or the whole file, never part of one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target}, replacing it if it exists. On file systems with
   * rename (local, HDFS) the content is written to a hidden temporary file next to it first and
   * renamed; on object stores (s3, s3a) an upload only becomes visible when complete anyway, so it
   * is written in place.
   *
   * @throws IOException when it cannot be written; the message names what failed
   */
  public static void replace(FileSystem fs, Path target, byte[] content) throws IOException {
    requireNonNull(fs, "fs is null");
    requireNonNull(target, "target is null");
    requireNonNull(content, "content is null");
    if (objectStore(fs)) {
      write(fs, target, content);
      return;
    }
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
    write(fs, temporary, content);
    if (fs.exists(target) && !fs.delete(target, false)) {
      throw new IOException("could not replace the existing " + target.getName());
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("could not rename " + temporary + " to " + target.getName());
    }
  }

  /** Whether {@code fs} is an object store (s3, s3a, s3n), where a rename is a copy. */
  public static boolean objectStore(FileSystem fs) {
    String scheme = fs.getUri().getScheme();
    return scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("s3");
  }

  private static void write(FileSystem fs, Path path, byte[] content) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(content);
    }
  }
}
