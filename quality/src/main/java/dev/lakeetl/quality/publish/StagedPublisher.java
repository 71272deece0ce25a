package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *       is moved aside to {@code <staging>/_replaced/} first and deleted only after every partition
 *       is in place.
 *   <li>{@link WriteMode#OVERWRITE_PARTITIONS}, unpartitioned: the staged files replace the table's
 *       data files (names starting with {@code _} or {@code .} are kept), the old ones moved aside
 *       to {@code _replaced/} first in the same way.
 *   <li>{@link WriteMode#APPEND}: the staged files are moved next to the existing ones.
 * </ul>
 *
 * <p>Before replacing anything the publisher lists the files each folder holds. If a move fails,
 * every folder already touched is put back from that list, whatever the failure left: files that
 * were not there before are deleted, files moved aside (all, some, or copied without their source
 * deleted, as an interrupted S3A rename leaves them) are moved back, and the folder is listed again
 * and compared with what it held. Every rename and delete is checked. {@code _replaced/} is deleted
 * only when every folder is verified; otherwise it is kept, the failure names it and the partitions
 * it holds, and {@link #discard} and {@link #discardStale} keep the staging folder.
 *
 * <p>On HDFS and local disks a rename is atomic per folder. On S3 (S3A) a rename is a copy and a
 * delete of every object, so publishing takes time proportional to the data and a partition is half
 * moved while it runs.
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
    try {
      FileSystem fs = new Path(staging).getFileSystem(hadoopConf);
      Path stagingRoot = fs.makeQualified(new Path(staging));
      Path targetRoot = fs.makeQualified(new Path(target));
      fs.mkdirs(targetRoot);
      if (mode == WriteMode.APPEND) {
        List<String> folders = partitions.isEmpty() ? List.of("") : partitions;
        for (String partition : folders) {
          moveFiles(fs, child(stagingRoot, partition), child(targetRoot, partition));
        }
      } else {
        replace(fs, stagingRoot, plan(fs, stagingRoot, targetRoot, partitions));
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
      if (!fs.exists(stagingRoot) || keep(fs, stagingRoot)) {
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
        if (!folder.isDirectory() || path.equals(keep) || keep(fs, path)) {
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

  /**
   * Whether a staging folder must be kept: its {@code _replaced} folder holds files of the table
   * that a failed publish did not put back.
   */
  private static boolean keep(FileSystem fs, Path staging) throws IOException {
    Path replaced = new Path(staging, REPLACED);
    if (!fs.exists(replaced) || !fs.listFiles(replaced, true).hasNext()) {
      return false;
    }
    LOG.error(
        "Keeping {}: {} holds files of the table that a failed publish did not put back",
        staging,
        replaced);
    return true;
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

  /**
   * One folder of the table being replaced: a partition folder, or the table root of an
   * unpartitioned table (its data files only).
   *
   * @param partition relative partition path, empty for the table root
   * @param staged the staged folder
   * @param live the table's folder
   * @param aside where the table's files are moved before the staged ones take their place
   * @param oldFiles the table's files before the publish: relative name and size
   * @param newFiles the staged files: relative name and size
   */
  record Move(
      String partition,
      Path staged,
      Path live,
      Path aside,
      Map<String, Long> oldFiles,
      Map<String, Long> newFiles) {
    Move {
      requireNonNull(partition, "partition is null");
      requireNonNull(staged, "staged is null");
      requireNonNull(live, "live is null");
      requireNonNull(aside, "aside is null");
      oldFiles = Collections.unmodifiableMap(new TreeMap<>(oldFiles));
      newFiles = Collections.unmodifiableMap(new TreeMap<>(newFiles));
    }

    boolean root() {
      return partition.isEmpty();
    }
  }

  /** What the table holds now and what replaces it, one move per partition (or the root). */
  static List<Move> plan(FileSystem fs, Path stagingRoot, Path targetRoot, List<String> partitions)
      throws IOException {
    Path replacedRoot = new Path(stagingRoot, REPLACED);
    List<Move> moves = new ArrayList<>();
    for (String partition : partitions.isEmpty() ? List.of("") : partitions) {
      Path staged = child(stagingRoot, partition);
      Path live = child(targetRoot, partition);
      Path aside = child(replacedRoot, partition);
      boolean root = partition.isEmpty();
      moves.add(
          new Move(partition, staged, live, aside, files(fs, live, root), files(fs, staged, root)));
    }
    return moves;
  }

  /**
   * Replaces each move's folder in turn; on a failure puts back every folder already touched and
   * rethrows. Throws {@link NotRestoredException} when a folder could not be put back: its previous
   * files are then still in {@code _replaced}, which is kept.
   */
  private static void replace(FileSystem fs, Path stagingRoot, List<Move> moves)
      throws IOException {
    Path replacedRoot = new Path(stagingRoot, REPLACED);
    int started = 0;
    try {
      for (Move move : moves) {
        started++;
        if (move.root()) {
          replaceFiles(fs, move);
        } else {
          replaceFolder(fs, move);
        }
      }
    } catch (IOException | RuntimeException e) {
      List<String> notRestored = undo(fs, moves.subList(0, started));
      if (!notRestored.isEmpty()) {
        throw new NotRestoredException(e, replacedRoot, notRestored);
      }
      deleteOrWarn(fs, replacedRoot);
      throw new IOException(e.getMessage() + "; the table was put back as it was", e);
    }
    deleteOrWarn(fs, replacedRoot);
  }

  private static void replaceFolder(FileSystem fs, Move move) throws IOException {
    if (fs.exists(move.live())) {
      if (fs.exists(move.aside())) {
        throw new IOException(move.aside() + " exists already: another publish used this staging");
      }
      fs.mkdirs(move.aside().getParent());
      rename(fs, move.live(), move.aside());
      if (fs.exists(move.live())) {
        throw new IOException(
            "moved " + move.live() + " aside to " + move.aside() + " but it is still there");
      }
    }
    fs.mkdirs(move.live().getParent());
    if (fs.exists(move.live())) {
      // A local rename would nest the folder inside it (day=05/day=05).
      throw new IOException(move.live() + " reappeared: another run is writing the table");
    }
    rename(fs, move.staged(), move.live());
    verify(fs, move.live(), false, move.newFiles());
  }

  private static void replaceFiles(FileSystem fs, Move move) throws IOException {
    fs.mkdirs(move.aside());
    for (String name : move.oldFiles().keySet()) {
      rename(fs, new Path(move.live(), name), new Path(move.aside(), name));
    }
    for (String name : move.newFiles().keySet()) {
      Path live = new Path(move.live(), name);
      if (fs.exists(live)) {
        throw new IOException(live + " exists: another run is writing the table");
      }
      rename(fs, new Path(move.staged(), name), live);
    }
    verify(fs, move.live(), true, move.newFiles());
  }

  /**
   * Puts each move's folder back as it was before the publish, whatever state a failure or a kill
   * left it in: files that were not there before are deleted, files moved aside (whole or in part,
   * copied or not) are moved back, then the folder is listed and compared with what it held.
   *
   * @return the partitions that could not be verified as restored ({@code ""} for the table root)
   */
  static List<String> undo(FileSystem fs, List<Move> moves) {
    List<String> notRestored = new ArrayList<>();
    for (int i = moves.size() - 1; i >= 0; i--) {
      Move move = moves.get(i);
      String name = move.root() ? "the table's data files" : move.partition();
      try {
        if (restore(fs, move)) {
          continue;
        }
        LOG.error(
            "Cannot put back {} of {}: it does not hold its previous files after the undo",
            name,
            move.live());
      } catch (IOException | RuntimeException e) {
        LOG.error("Cannot put back {} of {}: {}", name, move.live(), e.toString());
      }
      notRestored.add(move.partition());
    }
    return notRestored;
  }

  private static boolean restore(FileSystem fs, Move move) throws IOException {
    boolean root = move.root();
    if (!root && !fs.exists(move.live()) && fs.exists(move.aside())) {
      // Moved aside and nothing moved in yet: one rename (atomic on local disks and HDFS).
      if (!fs.rename(move.aside(), move.live())) {
        LOG.warn("Cannot rename {} back to {}; moving file by file", move.aside(), move.live());
      }
    }
    for (String name : files(fs, move.live(), root).keySet()) {
      if (!move.oldFiles().containsKey(name)) {
        delete(fs, new Path(move.live(), name));
      }
    }
    Map<String, Long> live = files(fs, move.live(), root);
    for (String name : files(fs, move.aside(), root).keySet()) {
      Long size = move.oldFiles().get(name);
      if (size == null || size.equals(live.get(name))) {
        // Not the table's, or still in place: the source of a copy that was never deleted.
        continue;
      }
      Path back = new Path(move.live(), name);
      if (live.containsKey(name)) {
        delete(fs, back);
      }
      fs.mkdirs(back.getParent());
      rename(fs, new Path(move.aside(), name), back);
    }
    if (!files(fs, move.live(), root).equals(move.oldFiles())) {
      return false;
    }
    if (!root && move.oldFiles().isEmpty() && fs.exists(move.live())) {
      // A partition the publish would have created: no empty folder left behind.
      fs.delete(move.live(), true);
    }
    return true;
  }

  private static void verify(FileSystem fs, Path folder, boolean root, Map<String, Long> expected)
      throws IOException {
    Map<String, Long> found = files(fs, folder, root);
    if (!found.equals(expected)) {
      throw new IOException(
          folder + " holds " + found.keySet() + " after the move, expected " + expected.keySet());
    }
  }

  /**
   * The files under {@code folder} by relative path with their sizes, none when it does not exist;
   * for the table root ({@code root}) only its data files, not its folders or {@code _}-files.
   */
  static Map<String, Long> files(FileSystem fs, Path folder, boolean root) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    if (!fs.exists(folder)) {
      return files;
    }
    if (root) {
      for (FileStatus status : fs.listStatus(folder)) {
        if (status.isFile() && isData(status.getPath())) {
          files.put(status.getPath().getName(), status.getLen());
        }
      }
      return files;
    }
    String prefix = fs.makeQualified(folder).toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    RemoteIterator<LocatedFileStatus> listing = fs.listFiles(folder, true);
    while (listing.hasNext()) {
      LocatedFileStatus status = listing.next();
      String path = fs.makeQualified(status.getPath()).toUri().getPath();
      if (!path.startsWith(prefix)) {
        throw new IOException("Cannot list " + folder + ": it lists " + status.getPath());
      }
      files.put(path.substring(prefix.length()), status.getLen());
    }
    return files;
  }

  private static void delete(FileSystem fs, Path path) throws IOException {
    if (!fs.delete(path, false) && fs.exists(path)) {
      throw new IOException("delete of " + path + " failed");
    }
  }

  private static void deleteOrWarn(FileSystem fs, Path folder) {
    try {
      if (!fs.delete(folder, true) && fs.exists(folder)) {
        LOG.warn("Cannot delete {}: delete returned false", folder);
      }
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", folder, e.toString());
    }
  }

  /**
   * A publish that failed and could not put every folder of the table back: the previous files of
   * {@link #partitions()} are kept under {@link #replaced()}.
   */
  static final class NotRestoredException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path replaced;
    private final List<String> partitions;

    NotRestoredException(Throwable cause, Path replaced, List<String> partitions) {
      super(
          cause.getMessage()
              + "; then could not put back "
              + (partitions.equals(List.of(""))
                  ? "the table's data files"
                  : "partitions " + partitions)
              + ": their previous files are kept in "
              + replaced
              + " (not deleted); move them back into the table before running the job again",
          cause);
      this.replaced = replaced;
      this.partitions = List.copyOf(partitions);
    }

    Path replaced() {
      return replaced;
    }

    List<String> partitions() {
      return partitions;
    }
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
