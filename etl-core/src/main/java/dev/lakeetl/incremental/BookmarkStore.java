package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's bookmark in a folder next to its data (local path, HDFS or {@code s3a://}), as versioned
 * files {@code v1.json}, {@code v2.json}, ... that are never changed once written.
 *
 * <p>A commit names the version it started from and creates the next one only if that is still the
 * newest and the next file does not exist yet, so of two runs that started from the same version
 * exactly one commits and the other gets a {@link BookmarkConflictException}. How exclusive that
 * creation is depends on the filesystem ({@link AtomicFiles#createExclusively}):
 *
 * <ul>
 *   <li>local ({@code file:}): the file is written under a temporary name and published with a hard
 *       link, which the operating system creates atomically and refuses when the name exists;
 *   <li>HDFS and others: {@code create(overwrite=false)}, atomic on HDFS;
 *   <li>S3A (Hadoop 3.3.4): {@code create(overwrite=false)} is a check followed by an upload, not
 *       atomic. The store reads the file back and fails when another commit replaced it, which
 *       catches most races but not all: on S3 let the scheduler run one job instance at a time.
 * </ul>
 *
 * <p>Reset and rewind are commits too (a new version with the entries of an older one, or none), so
 * the history is kept and they obey the same conflict rule.
 */
public final class BookmarkStore {
  private static final Logger LOG = LoggerFactory.getLogger(BookmarkStore.class);
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,9})\\.json");

  private final Path folder;
  private final FileSystem fs;

  private BookmarkStore(Path folder, FileSystem fs) {
    this.folder = folder;
    this.fs = fs;
  }

  /**
   * The store in {@code folder}; nothing is created until the first commit.
   *
   * @param folder a path Hadoop resolves, e.g. {@code s3a://lake/refined/flights/_bookmarks/job}
   */
  public static BookmarkStore open(String folder, Configuration hadoopConf) {
    requireNonNull(folder, "folder is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    Path path = new Path(folder);
    try {
      return new BookmarkStore(path, path.getFileSystem(hadoopConf));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot open bookmark " + folder + ": no filesystem for it: " + e.getMessage(), e);
    }
  }

  /** The folder, as configured. */
  public String location() {
    return folder.toString();
  }

  /** Every committed version number, ascending; empty before the first commit. */
  public List<Integer> versions() {
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list bookmark " + folder + ": " + e.getMessage(), e);
    }
    List<Integer> versions = new ArrayList<>();
    for (FileStatus status : statuses) {
      Matcher matcher = VERSION_FILE.matcher(status.getPath().getName());
      if (status.isFile() && matcher.matches()) {
        versions.add(Integer.parseInt(matcher.group(1)));
      }
    }
    versions.sort(null);
    return List.copyOf(versions);
  }

  /** The newest version, or empty before the first commit. */
  public Optional<BookmarkState> latest() {
    List<Integer> versions = versions();
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(versions.get(versions.size() - 1)));
  }

  /**
   * One version.
   *
   * @throws IllegalArgumentException when it does not exist or cannot be parsed
   */
  public BookmarkState read(int version) {
    Path file = file(version);
    String json;
    try (InputStream input = fs.open(file)) {
      json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(
          "Cannot read bookmark version " + version + ": " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read bookmark " + file + ": " + e.getMessage(), e);
    }
    BookmarkState state = BookmarkJson.read(json, file.toString());
    if (state.version() != version) {
      throw new IllegalArgumentException(
          "Cannot read bookmark " + file + ": it says version " + state.version());
    }
    return state;
  }

  /**
   * Commits the next version after {@code baseVersion}.
   *
   * @param baseVersion the version this change started from, 0 when there was none
   * @param job the job name
   * @param runId who commits: a run id, or the tool
   * @param action what this version is: {@code run}, {@code reset}, {@code rewind to version 2}
   * @param entries every input processed up to and including this change
   * @param now the commit time
   * @return the committed version
   * @throws BookmarkConflictException when another commit happened since {@code baseVersion}
   */
  public BookmarkState commit(
      int baseVersion,
      String job,
      String runId,
      String action,
      List<BookmarkEntry> entries,
      Instant now) {
    if (baseVersion < 0) {
      throw new IllegalArgumentException("Cannot commit bookmark: negative base " + baseVersion);
    }
    BookmarkState next = new BookmarkState(baseVersion + 1, job, now, runId, action, entries);
    List<Integer> versions = versions();
    int newest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    if (newest != baseVersion) {
      throw conflict(next, newest);
    }
    String json = BookmarkJson.write(next);
    Path file = file(next.version());
    try {
      fs.mkdirs(folder);
      if (!createExclusively(file, json)) {
        throw conflict(next, next.version());
      }
      // Run id and time make the text unique: another text means a racing commit replaced ours
      // (possible on S3A only).
      if (!json.equals(readText(file))) {
        throw conflict(next, next.version());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot commit bookmark version " + next.version() + " to " + file + ": " + e, e);
    }
    LOG.info(
        "Committed bookmark version {} of {} ({}, {} entries) to {}",
        next.version(),
        job,
        action,
        next.entries().size(),
        file);
    return next;
  }

  /** Writes {@code json} to {@code file} unless it exists; false when it does. */
  private boolean createExclusively(Path file, String json) throws IOException {
    return AtomicFiles.createExclusively(fs, file, json.getBytes(StandardCharsets.UTF_8));
  }

  private String readText(Path file) throws IOException {
    try (InputStream input = fs.open(file);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
      input.transferTo(buffer);
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  private BookmarkConflictException conflict(BookmarkState next, int newest) {
    return new BookmarkConflictException(
        "Cannot commit bookmark "
            + folder
            + " ("
            + next.action()
            + " by "
            + next.runId()
            + "): it started from version "
            + (next.version() - 1)
            + " but version "
            + newest
            + " was committed meanwhile by another run, reset or rewind; run the job again to"
            + " process what is still new");
  }

  private Path file(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("Cannot read bookmark version " + version);
    }
    return new Path(folder, "v" + version + ".json");
  }
}
