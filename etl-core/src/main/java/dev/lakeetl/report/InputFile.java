package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

/**
 * One file a run read.
 *
 * @param path full path of the file
 * @param bytes size in bytes
 */
public record InputFile(String path, long bytes) {
  public InputFile {
    requireNonNull(path, "path is null");
    if (bytes < 0) {
      throw new IllegalArgumentException("Cannot describe input file " + path + ": bytes < 0");
    }
  }
}
