package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

/**
 * One input file found under a source path.
 *
 * @param path full path as the filesystem reports it, e.g. {@code s3a://bucket/raw/2024/a.json.gz}
 * @param size length in bytes (compressed size for compressed files)
 * @param modificationTime last modification as the filesystem reports it, epoch milliseconds; with
 *     path and size it tells a changed file from one already processed (bookmarks)
 */
public record SourceFile(String path, long size, long modificationTime) {
  public SourceFile {
    requireNonNull(path, "path is null");
    if (size < 0) {
      throw new IllegalArgumentException("Cannot list source file " + path + ": negative size");
    }
  }
}
