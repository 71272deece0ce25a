package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish step of write-audit-publish: moves a run's staged output into the table with Hadoop
 * FileSystem renames, so readers never see data that did not pass its checks.
 *
 * <ul>
 *   <li>{@link WriteMode#OVERWRITE_PARTITIONS}, partitioned: each staged partition folder replaces
 *       the table's folder of the same name; other partitions are not touched. The replaced folder
 *       is moved aside first and deleted only after every partition is in place; if a move fails,
 *       the partitions already moved are put back.
 *   <li>{@link WriteMode#OVERWRITE_PARTITIONS}, unpartitioned: the staged files replace the table's
 *       data files (names starting with {@code _} or {@code .} are kept). The old data files are
 *       moved aside first and deleted only once every staged file is in place; if a move fails, the
 *       files already moved in are removed and the old ones put back.
 *   <li>{@link WriteMode#APPEND}: the staged files are moved next to the existing ones.
 * </ul>
 *
 * <p>On HDFS and local disks a rename is atomic per folder. On S3 (S3A) a rename is a copy and a
 * delete of every object, so publishing takes time proportional to the data and a crash midway can
 * leave a partition half moved; the staging folder then still holds the rest for a rerun.
 */
public final class StagedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(StagedPublisher.class);
  private static final String REPLACED = "_replaced";

  private final Configuration hadoopConf;

  public StagedPublisher(Configuration hadoopConf) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /**
   * Moves the staged output into the table and deletes the staging folder.
   *
   * @param staging the folder the run wrote to
   * @param target the table root
   * @param partitions partition folders written, relative, e.g. {@code year=2001/month=01/day=05};
   *     empty for an unpartitioned table
   * @throws UncheckedIOException naming the folder that could not be moved
   */
  public void publish(String staging, String target, List<String> partitions, WriteMode mode) {
    requireNonNull(staging, "staging is null");
    requireNonNull(target, "target is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(mode, "mode is null");
    Path stagingRoot = new Path(staging);
    Path targetRoot = new Path(target);
    try {
      FileSystem fs = stagingRoot.getFileSystem(hadoopConf);
      fs.mkdirs(targetRoot);
      if (mode == WriteMode.APPEND) {
        List<String> folders = partitions.isEmpty() ? List.of("") : partitions;
        for (String partition : folders) {
          moveFiles(fs, child(stagingRoot, partition), child(targetRoot, partition));
        }
      } else if (partitions.isEmpty()) {
        replaceFiles(fs, stagingRoot, targetRoot);
      } else {
        replacePartitions(fs, stagingRoot, targetRoot, partitions);
      }
      fs.delete(stagingRoot, true);
      LOG.info(
          "Published {} from {} to {}",
          partitions.isEmpty() ? "the staged files" : partitions.size() + " partitions",
          staging,
          target);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot publish " + staging + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the staging folder of a run that must not publish. */
  public void discard(String staging) {
    requireNonNull(staging, "staging is null");
    Path stagingRoot = new Path(staging);
    try {
      FileSystem fs = stagingRoot.getFileSystem(hadoopConf);
      if (!fs.exists(stagingRoot)) {
        return;
      }
      fs.delete(stagingRoot, true);
      LOG.info("Discarded staged output {}", staging);
    } catch (IOException e) {
      LOG.warn("Cannot delete staged output {}: {}", staging, e.getMessage());
    }
  }

  /**
   * Deletes the staging folders under {@code stagingRoot} that runs killed before they could clean
   * up left behind: every folder but {@code current} that holds files, the newest written before
   * {@code cutoff} (the newest file, not the folder's own time, which object stores do not keep).
   * Empty folders are kept (a run may be starting); a folder that cannot be read or deleted is
   * logged and kept.
   *
   * @return the folders removed
   */
  public List<String> discardStale(String stagingRoot, String current, Instant cutoff) {
    requireNonNull(stagingRoot, "stagingRoot is null");
    requireNonNull(current, "current is null");
    requireNonNull(cutoff, "cutoff is null");
    Path root = new Path(stagingRoot);
    List<String> removed = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      if (!fs.exists(root)) {
        return removed;
      }
      Path keep = fs.makeQualified(new Path(current));
      for (FileStatus folder : fs.listStatus(root)) {
        Path path = fs.makeQualified(folder.getPath());
        if (!folder.isDirectory() || path.equals(keep)) {
          continue;
        }
        long newest = newestFile(fs, path);
        if (newest != Long.MIN_VALUE && newest < cutoff.toEpochMilli()) {
          fs.delete(path, true);
          removed.add(path.toString());
          LOG.info(
              "Removed stale staging folder {} (newest file {}), left by a run that did not finish",
              path,
              Instant.ofEpochMilli(newest));
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot clean up stale staging folders under {}: {}", stagingRoot, e.getMessage());
    }
    return removed;
  }

  private static long newestFile(FileSystem fs, Path folder) throws IOException {
    long newest = Long.MIN_VALUE;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
    while (files.hasNext()) {
      newest = Math.max(newest, files.next().getModificationTime());
    }
    return newest;
  }

  /**
   * Deletes {@code folder} if it exists and holds nothing, e.g. the staging root once a run's
   * folder in it is gone; a folder another run has just written into is kept.
   */
  public void deleteIfEmpty(String folder) {
    requireNonNull(folder, "folder is null");
    Path path = new Path(folder);
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      if (fs.exists(path) && fs.listStatus(path).length == 0) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      // Not empty any more (a concurrent run) or not deletable: an empty folder is harmless.
      LOG.debug("Keeping folder {}: {}", folder, e.getMessage());
    }
  }

  private static void replacePartitions(
      FileSystem fs, Path stagingRoot, Path targetRoot, List<String> partitions)
      throws IOException {
    Path replacedRoot = new Path(stagingRoot, REPLACED);
    List<String> movedAside = new ArrayList<>();
    List<String> published = new ArrayList<>();
    try {
      for (String partition : partitions) {
        Path staged = child(stagingRoot, partition);
        Path live = child(targetRoot, partition);
        if (fs.exists(live)) {
          Path aside = child(replacedRoot, partition);
          fs.mkdirs(aside.getParent());
          rename(fs, live, aside);
          movedAside.add(partition);
        }
        fs.mkdirs(live.getParent());
        rename(fs, staged, live);
        published.add(partition);
      }
    } catch (IOException e) {
      // Put the table back as it was before failing.
      for (String partition : published) {
        fs.delete(child(targetRoot, partition), true);
      }
      for (String partition : movedAside) {
        fs.rename(child(replacedRoot, partition), child(targetRoot, partition));
      }
      throw e;
    }
    fs.delete(replacedRoot, true);
  }

  private static void replaceFiles(FileSystem fs, Path stagingRoot, Path targetRoot)
      throws IOException {
    Path replaced = new Path(stagingRoot, REPLACED);
    List<Path> movedAside = new ArrayList<>();
    List<Path> published = new ArrayList<>();
    try {
      fs.mkdirs(replaced);
      for (FileStatus existing : fs.listStatus(targetRoot)) {
        if (existing.isFile() && isData(existing.getPath())) {
          Path aside = new Path(replaced, existing.getPath().getName());
          rename(fs, existing.getPath(), aside);
          movedAside.add(aside);
        }
      }
      for (FileStatus staged : fs.listStatus(stagingRoot)) {
        if (staged.isFile() && isData(staged.getPath())) {
          Path live = new Path(targetRoot, staged.getPath().getName());
          rename(fs, staged.getPath(), live);
          published.add(live);
        }
      }
    } catch (IOException e) {
      // Put the table back as it was before failing.
      for (Path live : published) {
        fs.delete(live, false);
      }
      for (Path aside : movedAside) {
        fs.rename(aside, new Path(targetRoot, aside.getName()));
      }
      throw e;
    }
    fs.delete(replaced, true);
  }

  private static void moveFiles(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.exists(from)) {
      return;
    }
    fs.mkdirs(to);
    for (FileStatus staged : fs.listStatus(from)) {
      if (staged.isFile() && isData(staged.getPath())) {
        rename(fs, staged.getPath(), new Path(to, staged.getPath().getName()));
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private static boolean isData(Path path) {
    String name = path.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  private static Path child(Path root, String relative) {
    return relative.isEmpty() ? root : new Path(root, relative);
  }
}
