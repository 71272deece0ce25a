package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bookmark read at the start of a run and the version the run commits once its output is
 * published. Inputs are {@link BookmarkEntry}s: raw files or refined partition folders.
 */
final class PendingCommit {
  private static final Logger LOG = LoggerFactory.getLogger(PendingCommit.class);

  private final BookmarkStore store;
  private final BookmarkCommit commit;
  private final int baseVersion;
  private final Map<String, BookmarkEntry> processed;
  private List<BookmarkEntry> next = List.of();
  private int inputs;

  private PendingCommit(
      BookmarkStore store, BookmarkCommit commit, Optional<BookmarkState> latest) {
    this.store = store;
    this.commit = commit;
    this.baseVersion = latest.map(BookmarkState::version).orElse(0);
    this.processed = latest.map(BookmarkState::entriesByPath).orElse(Map.of());
  }

  /** Reads the newest version of the bookmark at {@code path}. */
  static PendingCommit open(String path, BookmarkCommit commit, Configuration hadoopConf) {
    BookmarkStore store = BookmarkStore.open(path, hadoopConf);
    return new PendingCommit(store, commit, store.latest());
  }

  String location() {
    return store.location();
  }

  int baseVersion() {
    return baseVersion;
  }

  /** The inputs the version this run started from records as processed. */
  List<BookmarkEntry> baseEntries() {
    return List.copyOf(processed.values());
  }

  /** Whether no committed version holds {@code input} with this size and modification time. */
  boolean isNew(BookmarkEntry input) {
    return !input.equals(processed.get(input.path()));
  }

  /**
   * Sets what the commit records: the processed entries of inputs still listed (deleted inputs drop
   * out), with the selected inputs as they are now.
   */
  void record(List<BookmarkEntry> listed, List<BookmarkEntry> selected) {
    Map<String, BookmarkEntry> entries = new LinkedHashMap<>();
    for (BookmarkEntry input : listed) {
      BookmarkEntry entry = processed.get(input.path());
      if (entry != null) {
        entries.put(input.path(), entry);
      }
    }
    selected.forEach(input -> entries.put(input.path(), input));
    this.next = List.copyOf(entries.values());
    this.inputs = selected.size();
  }

  /**
   * Checks that no other run, reset or rewind committed since this run read the bookmark, paused or
   * not: the run's output would replace what that commit's run published.
   *
   * @throws BookmarkConflictException naming both versions
   */
  void checkCurrent() {
    List<Integer> versions = store.versions();
    int newest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    if (newest != baseVersion) {
      throw new BookmarkConflictException(
          "Cannot publish: bookmark "
              + store.location()
              + " was at version "
              + baseVersion
              + " when this run selected its input, but version "
              + newest
              + " was committed meanwhile by another run, reset or rewind; nothing was published;"
              + " run the job again to process what is still new");
    }
  }

  Optional<BookmarkState> commit(String job, String runId, Instant now) {
    requireNonNull(job, "job is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(now, "now is null");
    if (commit == BookmarkCommit.PAUSED) {
      LOG.info(
          "Bookmark paused: version {} of {} stays; this run's {} inputs will be read again",
          baseVersion,
          store.location(),
          inputs);
      return Optional.empty();
    }
    return Optional.of(store.commit(baseVersion, job, runId, "run", next, now));
  }
}
