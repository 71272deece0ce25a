package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The names of the files one {@code append} publish adds to a table: {@code
 * part-<batch>-<attempt>-<NNNNN><suffix>}, e.g. {@code
 * part-3f9a1c0d5e7b2a48-7c41d0e2-00000.c000.snappy.parquet}. The batch names the input ({@link
 * BatchId}), so a later publish of the same batch finds every file an earlier attempt left, in any
 * folder of the table; the attempt (random per publish) keeps the two attempts' names apart while
 * one replaces the other. The suffix is the staged file's, from its first dot.
 *
 * @param batch the input the published output was computed from
 * @param attempt this publish, random ({@link #newAttempt})
 */
record BatchFiles(BatchId batch, String attempt) {
  BatchFiles {
    requireNonNull(batch, "batch is null");
    requireNonNull(attempt, "attempt is null");
  }

  /** A new attempt at publishing {@code batch}. */
  static BatchFiles newAttempt(BatchId batch) {
    return new BatchFiles(batch, UUID.randomUUID().toString().substring(0, 8));
  }

  /** The name in the table of the {@code index}-th staged file of a folder. */
  String name(int index, String stagedName) {
    int dot = stagedName.indexOf('.');
    String suffix = dot < 0 ? "" : stagedName.substring(dot);
    return prefix(batch) + attempt + "-" + String.format(Locale.ROOT, "%05d", index) + suffix;
  }

  /**
   * The files of {@code batch} the table holds, by partition folder relative to the table ({@code
   * ""} for its root), each with its names and sizes. Folders and files starting with {@code _} or
   * {@code .} (staging, reports, hidden files) are not the table's and are skipped.
   */
  static Map<String, Map<String, Long>> find(FileSystem fs, Path table, BatchId batch)
      throws IOException {
    Map<String, Map<String, Long>> found = new TreeMap<>();
    String name = prefix(batch);
    // One listing of the whole table: a partition column derived from the run (an ingest date)
    // puts an earlier attempt's files in folders this attempt does not write.
    Folders.eachFile(
        fs,
        table,
        (relative, size) -> {
          int slash = relative.lastIndexOf('/');
          String fileName = relative.substring(slash + 1);
          if (fileName.startsWith(name) && !hidden(relative)) {
            String folder = slash < 0 ? "" : relative.substring(0, slash);
            found.computeIfAbsent(folder, key -> new TreeMap<>()).put(fileName, size);
          }
        });
    return found;
  }

  private static String prefix(BatchId batch) {
    return "part-" + batch + "-";
  }

  private static boolean hidden(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
