package dev.lakeetl.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A Hadoop file system that delegates to a real one (local, S3A) and fails chosen renames and
 * deletes the way an object store fails them: a folder rename that stops halfway, a copy whose
 * sources were never deleted, a rename that just returns false, or an outage from one call on.
 *
 * <p>Register it for a scheme with {@link #install}; the failures are set for the whole JVM with
 * {@link #failRename}, {@link #failDelete} and {@link #outageFromRename}, counted from the last
 * {@link #reset}.
 */
public final class FaultyFileSystem extends FilterFileSystem {
  /** The class of the real file system, set by {@link #install}. */
  public static final String INNER_IMPL = "lakeetl.test.faulty.impl";

  /** How a failing rename fails. */
  public enum Failure {
    /** Nothing moves; rename returns false (a local rename onto another volume, a permission). */
    RETURN_FALSE,
    /**
     * The first half of the files (at least one) are moved, then an IOException: S3A's rename of a
     * folder is a copy and a delete per object and can stop anywhere.
     */
    HALFWAY,
    /**
     * Every file is copied, none of the sources deleted, then an IOException: S3A's copy phase
     * finished, its delete phase failed.
     */
    COPIED_NOT_DELETED
  }

  private static final Object LOCK = new Object();
  private static int renames;
  private static int deletes;
  private static int failingRename;
  private static Failure renameFailure = Failure.RETURN_FALSE;
  private static int failingDelete;
  private static int outageFromRename;
  private static int outageFromDelete;
  private static boolean outage;
  private static Predicate<Path> counted = path -> true;
  private static int actionAtRename;
  private static Runnable action = () -> {};

  /** Wraps the real file system; Hadoop calls this through {@code fs.<scheme>.impl}. */
  public FaultyFileSystem() {}

  /**
   * A copy of {@code conf} in which {@code scheme} is served by this file system over {@code
   * inner}, without Hadoop's file system cache (so no other test gets it).
   */
  public static Configuration install(
      Configuration conf, String scheme, Class<? extends FileSystem> inner) {
    requireNonNull(conf, "conf is null");
    Configuration copy = new Configuration(conf);
    copy.setClass("fs." + scheme + ".impl", FaultyFileSystem.class, FileSystem.class);
    copy.setBoolean("fs." + scheme + ".impl.disable.cache", true);
    copy.setClass(INNER_IMPL, inner, FileSystem.class);
    return copy;
  }

  /** No failures; counting starts again. */
  public static void reset() {
    synchronized (LOCK) {
      renames = 0;
      deletes = 0;
      failingRename = 0;
      failingDelete = 0;
      outageFromRename = 0;
      outageFromDelete = 0;
      outage = false;
      counted = path -> true;
      actionAtRename = 0;
      action = () -> {};
      renameFailure = Failure.RETURN_FALSE;
    }
  }

  /**
   * Counts only renames whose source and destination, and deletes whose path, match {@code paths}
   * (e.g. a job's publish, not Spark's own commit); an outage still stops every call.
   */
  public static void countOnly(Predicate<Path> paths) {
    synchronized (LOCK) {
      counted = requireNonNull(paths, "paths is null");
    }
  }

  /** The {@code nth} rename (1-based) after the last reset fails {@code how}; the others work. */
  public static void failRename(int nth, Failure how) {
    synchronized (LOCK) {
      failingRename = nth;
      renameFailure = requireNonNull(how, "how is null");
    }
  }

  /** The {@code nth} delete (1-based) after the last reset returns false and deletes nothing. */
  public static void failDelete(int nth) {
    synchronized (LOCK) {
      failingDelete = nth;
    }
  }

  /**
   * The {@code nth} rename fails {@code how}, and every rename and delete after it throws: the
   * endpoint went away in the middle of a publish (or the process was killed there).
   */
  public static void outageFromRename(int nth, Failure how) {
    synchronized (LOCK) {
      outageFromRename = nth;
      renameFailure = requireNonNull(how, "how is null");
    }
  }

  /**
   * The {@code nth} delete and every rename and delete after it throw: the process died or the
   * endpoint went away at that point.
   */
  public static void outageFromDelete(int nth) {
    synchronized (LOCK) {
      outageFromDelete = nth;
    }
  }

  /**
   * Runs {@code what} just before the {@code nth} counted rename, once: something that happens
   * elsewhere while the code under test is at that point (another run's commit, say).
   */
  public static void beforeRename(int nth, Runnable what) {
    synchronized (LOCK) {
      actionAtRename = nth;
      action = requireNonNull(what, "what is null");
    }
  }

  /** Renames so far, failed ones included. */
  public static int renames() {
    synchronized (LOCK) {
      return renames;
    }
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    Class<? extends FileSystem> inner = conf.getClass(INNER_IMPL, null, FileSystem.class);
    if (inner == null) {
      throw new IOException("Cannot start FaultyFileSystem: " + INNER_IMPL + " is not set");
    }
    try {
      fs = inner.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IOException("Cannot create " + inner.getName(), e);
    }
    fs.initialize(name, conf);
    super.initialize(name, conf);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    Failure failure = null;
    Runnable before = null;
    synchronized (LOCK) {
      if (outage) {
        throw new IOException("Injected outage: rename " + src + " to " + dst);
      }
      if (counted.test(src) && counted.test(dst)) {
        renames++;
        if (renames == actionAtRename) {
          before = action;
        }
        if (renames == outageFromRename) {
          outage = true;
          failure = renameFailure;
        } else if (renames == failingRename) {
          failure = renameFailure;
        }
      }
    }
    if (before != null) {
      before.run();
    }
    if (failure == null) {
      return super.rename(src, dst);
    }
    switch (failure) {
      case RETURN_FALSE:
        return false;
      case HALFWAY:
        moveHalf(src, dst);
        break;
      default:
        copyAll(src, dst);
        break;
    }
    throw new IOException("Injected failure (" + failure + "): rename " + src + " to " + dst);
  }

  @Override
  public boolean delete(Path path, boolean recursive) throws IOException {
    synchronized (LOCK) {
      if (outage) {
        throw new IOException("Injected outage: delete " + path);
      }
      if (counted.test(path)) {
        deletes++;
        if (deletes == outageFromDelete) {
          outage = true;
          throw new IOException("Injected outage: delete " + path);
        }
        if (deletes == failingDelete) {
          return false;
        }
      }
    }
    return super.delete(path, recursive);
  }

  private void moveHalf(Path src, Path dst) throws IOException {
    if (fs.getFileStatus(src).isFile()) {
      // One object: S3A copies it and may fail before deleting the source.
      FileUtil.copy(fs, src, fs, dst, false, getConf());
      return;
    }
    List<Path> files = files(src);
    for (Path file : files.subList(0, (files.size() + 1) / 2)) {
      Path target = new Path(dst, relative(src, file));
      fs.mkdirs(target.getParent());
      if (!fs.rename(file, target)) {
        throw new IOException("Cannot move " + file + " halfway");
      }
    }
  }

  private void copyAll(Path src, Path dst) throws IOException {
    if (fs.getFileStatus(src).isFile()) {
      FileUtil.copy(fs, src, fs, dst, false, getConf());
      return;
    }
    for (Path file : files(src)) {
      Path target = new Path(dst, relative(src, file));
      fs.mkdirs(target.getParent());
      FileUtil.copy(fs, file, fs, target, false, getConf());
    }
  }

  private List<Path> files(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listing = fs.listFiles(folder, true);
    while (listing.hasNext()) {
      files.add(listing.next().getPath());
    }
    files.sort(null);
    return files;
  }

  private String relative(Path folder, Path file) {
    String root = fs.makeQualified(folder).toUri().getPath();
    String path = fs.makeQualified(file).toUri().getPath();
    return path.substring(root.length() + (root.endsWith("/") ? 0 : 1));
  }
}
