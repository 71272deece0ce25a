package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One committed version of a job's bookmark: every input processed by the runs up to it.
 *
 * @param version 1 for the first commit, then one more per commit (run, reset or rewind)
 * @param job the job name
 * @param committedAt when the version was committed
 * @param runId the run that committed it, or the tool for a reset or rewind
 * @param action what made this version: {@code run}, {@code reset}, {@code rewind to version 3}
 * @param entries the processed inputs, sorted by path
 */
public record BookmarkState(
    int version,
    String job,
    Instant committedAt,
    String runId,
    String action,
    List<BookmarkEntry> entries) {
  /** The layout of the JSON file; readers refuse other values. */
  public static final int FORMAT_VERSION = 1;

  public BookmarkState {
    requireNonNull(job, "job is null");
    requireNonNull(committedAt, "committedAt is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(action, "action is null");
    requireNonNull(entries, "entries is null");
    if (version < 1) {
      throw new IllegalArgumentException(
          "Cannot create bookmark version " + version + ": versions start at 1");
    }
    Map<String, BookmarkEntry> byPath = new LinkedHashMap<>();
    entries.stream()
        .sorted(Comparator.comparing(BookmarkEntry::path))
        .forEach(
            entry -> {
              if (byPath.put(entry.path(), entry) != null) {
                throw new IllegalArgumentException(
                    "Cannot create bookmark version "
                        + version
                        + ": path listed twice: "
                        + entry.path());
              }
            });
    entries = List.copyOf(byPath.values());
  }

  /** The entries by path, for lookups. */
  public Map<String, BookmarkEntry> entriesByPath() {
    Map<String, BookmarkEntry> byPath = new LinkedHashMap<>();
    entries.forEach(entry -> byPath.put(entry.path(), entry));
    return Collections.unmodifiableMap(byPath);
  }
}
