package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes small files (run reports, bookmarks, publish journals, leases) through Hadoop's FileSystem
 * so that a reader sees either no file or the whole file, never part of one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target}, replacing it if it exists. On file systems with
   * rename (local, HDFS) the content is written to a hidden temporary file next to it first and
   * renamed (an existing local file is replaced by that one rename; on HDFS it is deleted first);
   * on object stores (s3, s3a) an upload only becomes visible when complete anyway, so it is
   * written in place.
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
    boolean exists = fs.exists(target);
    if (exists && "file".equals(fs.getUri().getScheme())) {
      // rename(2) replaces the file in one step: readers see the old file or the new one, never
      // none (a lease being renewed must never look free).
      java.nio.file.Path file = new File(fs.makeQualified(target).toUri()).toPath();
      java.nio.file.Path temporary =
          file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.write(temporary, content);
        // Hadoop's checksummed local file system would check the new content against the old
        // file's checksum: drop it first (until the move, readers read the old file unchecked).
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return;
    }
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
    write(fs, temporary, content);
    if (exists && !fs.delete(target, false)) {
      throw new IOException("could not replace the existing " + target.getName());
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("could not rename " + temporary + " to " + target.getName());
    }
  }

  /**
   * Writes {@code content} to {@code target} unless it exists; false when it does. Readers never
   * see part of the file. How exclusive the creation is depends on the file system:
   *
   * <ul>
   *   <li>local ({@code file:}): written under a temporary name and published with a hard link,
   *       which the operating system creates atomically and refuses when the name exists;
   *   <li>HDFS and others: {@code create(overwrite=false)}, atomic on HDFS;
   *   <li>S3A (Hadoop 3.3.4) and EMRFS: {@code create(overwrite=false)} is an existence check
   *       followed by an upload, not atomic: two writers within that window both succeed and the
   *       later upload wins. Callers read the file back to catch most such races.
   * </ul>
   *
   * @throws IOException when it cannot be written
   */
  public static boolean createExclusively(FileSystem fs, Path target, byte[] content)
      throws IOException {
    requireNonNull(fs, "fs is null");
    requireNonNull(target, "target is null");
    requireNonNull(content, "content is null");
    if ("file".equals(fs.getUri().getScheme())) {
      File file = new File(fs.makeQualified(target).toUri());
      File temporary =
          new File(file.getParentFile(), "." + file.getName() + "." + UUID.randomUUID());
      Files.createDirectories(file.getParentFile().toPath());
      Files.write(temporary.toPath(), content);
      try {
        // link(2) is atomic and fails when the name exists: no reader sees a half-written file.
        Files.createLink(file.toPath(), temporary.toPath());
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(temporary.toPath());
      }
    }
    try (OutputStream output = fs.create(target, false)) {
      output.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
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
