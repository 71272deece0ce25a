package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.SourceFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names the output of one input selection, so that an {@code append} publish of the same selection
 * again (a retried run) replaces its earlier attempt instead of adding its rows a second time. The
 * same selection always gives the same id; a different one (another file, another size or
 * modification time, other run dates) gives another.
 *
 * @param value 16 lower-case hex digits: the start of the SHA-256 of what was selected
 */
public record BatchId(String value) {
  private static final Pattern VALUE = Pattern.compile("[0-9a-f]{16}");

  public BatchId {
    requireNonNull(value, "value is null");
    if (!VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Cannot use batch id '" + value + "': expected 16 lower-case hex digits");
    }
  }

  /**
   * The id of a selection described by {@code kind} (how it was selected) and its {@code parts} (in
   * a fixed order: what was selected).
   */
  public static BatchId of(String kind, List<String> parts) {
    requireNonNull(kind, "kind is null");
    requireNonNull(parts, "parts is null");
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    digest.update(kind.getBytes(StandardCharsets.UTF_8));
    for (String part : parts) {
      // A separator no path holds, so that ["ab", "c"] and ["a", "bc"] differ.
      digest.update((byte) 0);
      digest.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return new BatchId(HexFormat.of().formatHex(digest.digest(), 0, 8));
  }

  /** The id of the inputs {@code entries}: path, size and modification time of each. */
  public static BatchId ofEntries(String kind, List<BookmarkEntry> entries) {
    requireNonNull(entries, "entries is null");
    return of(
        kind,
        entries.stream()
            .sorted(Comparator.comparing(BookmarkEntry::path))
            .map(entry -> entry.path() + "\t" + entry.size() + "\t" + entry.modified())
            .toList());
  }

  /**
   * The id of a bookmark run: the bookmark and the inputs its base version records as processed,
   * whatever is new since. A retry of a run that published but did not commit starts from the same
   * state, so it replaces that run's rows even when it also reads files that arrived meanwhile; a
   * rewind to an earlier state replaces what was published from it.
   */
  public static BatchId ofBookmark(String location, List<BookmarkEntry> processed) {
    requireNonNull(location, "location is null");
    requireNonNull(processed, "processed is null");
    List<String> parts = new ArrayList<>();
    parts.add(location);
    processed.stream()
        .sorted(Comparator.comparing(BookmarkEntry::path))
        .map(entry -> entry.path() + "\t" + entry.size() + "\t" + entry.modified())
        .forEach(parts::add);
    return of("bookmark", parts);
  }

  /** The id of the files {@code files} read: path, size and modification time of each. */
  public static BatchId ofFiles(List<SourceFile> files) {
    requireNonNull(files, "files is null");
    return ofEntries(
        "files",
        files.stream()
            .map(file -> new BookmarkEntry(file.path(), file.size(), file.modificationTime()))
            .toList());
  }

  /** The id of a run-date run: the paths it reads (as configured) and its run dates. */
  public static BatchId ofRunDates(List<String> paths, RunDates dates) {
    requireNonNull(paths, "paths is null");
    requireNonNull(dates, "dates is null");
    List<String> parts = new ArrayList<>(paths);
    parts.add(dates.toString());
    return of("run-date", parts);
  }

  @Override
  public String toString() {
    return value;
  }
}
