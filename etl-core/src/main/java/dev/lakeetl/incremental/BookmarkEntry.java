package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

/**
 * One input a successful run processed: a raw file, or a refined partition folder.
 *
 * <p>An input counts as processed only while path, size and modification time all match: a file
 * rewritten in place (same path, new size or time) is processed again.
 *
 * @param path the full path as the filesystem lists it
 * @param size bytes (for a partition: the bytes of all its files)
 * @param modified modification time in epoch milliseconds (for a partition: its newest file)
 */
public record BookmarkEntry(String path, long size, long modified) {
  public BookmarkEntry {
    requireNonNull(path, "path is null");
    if (path.isBlank()) {
      throw new IllegalArgumentException("Cannot record bookmark entry: blank path");
    }
    if (size < 0) {
      throw new IllegalArgumentException(
          "Cannot record bookmark entry " + path + ": negative size " + size);
    }
  }
}
