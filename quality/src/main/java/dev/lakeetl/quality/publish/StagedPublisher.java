package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.quality.publish.Folders.Listing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
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
 *   <li>{@link WriteMode#APPEND}: the staged files are moved next to the existing ones, renamed
 *       after the input's {@link BatchId} ({@link BatchFiles}). Files of the same batch that the
 *       table already holds (an earlier attempt whose run failed after publishing, before its
 *       bookmark commit) are moved aside to {@code _replaced/} first, in whichever folder they are,
 *       so a batch is in the table once however often it is published.
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
   * Replaces the table's partitions with the staged ones ({@link WriteMode#OVERWRITE_PARTITIONS});
   * an append needs the batch: {@link #publish(String, String, List, WriteMode, BatchId)}.
   *
   * @throws IllegalArgumentException for {@link WriteMode#APPEND}
   */
  public void publish(String staging, String target, List<String> partitions, WriteMode mode) {
    requireNonNull(mode, "mode is null");
    if (mode == WriteMode.APPEND) {
      throw new IllegalArgumentException(
          "Cannot append " + staging + " to " + target + " without the batch id of its input");
    }
    publish(staging, target, partitions, mode, Optional.empty());
  }

  /**
   * Moves the staged output into the table and deletes the staging folder. The journal ({@link
   * PublishJournal}) is written before the first move; a run killed from then on leaves it open for
   * {@link #recover}.
   *
   * @param staging the folder the run wrote to
   * @param target the table root
   * @param partitions partition folders written, relative, e.g. {@code year=2001/month=01/day=05};
   *     empty for an unpartitioned table
   * @param batch names the input the staged output was computed from; in append mode it names the
   *     files added, and replaces the files an earlier publish of the same batch added (unused when
   *     overwriting)
   * @throws UncheckedIOException naming the folder that could not be moved, and, when the table
   *     could not be put back as it was, where its previous files are kept
   */
  public void publish(
      String staging, String target, List<String> partitions, WriteMode mode, BatchId batch) {
    requireNonNull(batch, "batch is null");
    publish(staging, target, partitions, mode, Optional.of(batch));
  }

  private void publish(
      String staging,
      String target,
      List<String> partitions,
      WriteMode mode,
      Optional<BatchId> batch) {
    requireNonNull(staging, "staging is null");
    requireNonNull(target, "target is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(mode, "mode is null");
    try {
      FileSystem fs = new Path(staging).getFileSystem(hadoopConf);
      Path stagingRoot = fs.makeQualified(new Path(staging));
      Path targetRoot = fs.makeQualified(new Path(target));
      fs.mkdirs(targetRoot);
      PublishJournal journal =
          new PublishJournal(
              stagingRoot,
              targetRoot,
              mode,
              Instant.now(),
              mode == WriteMode.APPEND
                  ? planAppend(
                      fs, stagingRoot, targetRoot, partitions, BatchFiles.newAttempt(batch.get()))
                  : plan(fs, stagingRoot, targetRoot, partitions));
      writeJournal(fs, journal);
      apply(fs, journal);
      deleteOrWarn(fs, new Path(stagingRoot, REPLACED));
      deleteOrWarn(fs, stagingRoot);
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

  /**
   * Finishes or undoes every publish that a run left open under {@code stagingRoot} (a run killed
   * while publishing, or one whose failed publish could not be undone): a journal marked {@code
   * _published} is finished (its clean-up done), any other is undone, every partition it lists put
   * back to the files it held before and verified. Call it before the run selects its input.
   *
   * @return one line per publish finished or undone
   * @throws UncheckedIOException when a journal cannot be read or its partitions cannot be put
   *     back: the message names the partitions, where their previous files are kept, and the
   *     journal
   */
  public List<String> recover(String stagingRoot) {
    requireNonNull(stagingRoot, "stagingRoot is null");
    Path root = new Path(stagingRoot);
    List<String> recovered = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      for (Path folder : Folders.subfolders(fs, root)) {
        Path file = journalFile(folder);
        if (fs.exists(file)) {
          recovered.add(recover(fs, fs.makeQualified(folder), file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot recover " + stagingRoot + ": " + e.getMessage(), e);
    }
    return recovered;
  }

  private static String recover(FileSystem fs, Path staging, Path file) throws IOException {
    PublishJournal journal;
    try (InputStream input = fs.open(file)) {
      journal =
          PublishJournal.fromJson(
              new String(input.readAllBytes(), StandardCharsets.UTF_8), file.toString());
    }
    Path replaced = new Path(staging, REPLACED);
    if (fs.exists(new Path(staging, PublishJournal.PUBLISHED))) {
      // Every folder was in place: only the clean-up is left.
      Folders.delete(fs, replaced);
      deleteOrWarn(fs, staging);
      return recovered("Finished", staging, journal, "were in place");
    }
    List<String> notRestored = undo(fs, journal.moves());
    if (!notRestored.isEmpty()) {
      throw new IOException(
          "the publish of "
              + staging
              + " into "
              + journal.target()
              + " (journal "
              + file
              + ") was left open by a run that did not finish, and the undo "
              + notPutBack(notRestored, replaced)
              + "; move them back into the table by hand, then delete "
              + staging);
    }
    Folders.delete(fs, replaced);
    Folders.delete(fs, file);
    deleteOrWarn(fs, staging);
    return recovered("Undid", staging, journal, "are as they were before it");
  }

  /**
   * Logs and returns the line {@link #recover(String)} reports for one publish a run left open:
   * what was {@code done} to it and how its {@code partitions} are now.
   */
  private static String recovered(
      String done, Path staging, PublishJournal journal, String partitions) {
    String line =
        done
            + " the publish of "
            + staging
            + " into "
            + journal.target()
            + " that a run left open: its "
            + journal.moves().size()
            + " partitions "
            + partitions;
    LOG.warn(line);
    return line;
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
      Path keep = fs.makeQualified(new Path(current));
      for (Path folder : Folders.subfolders(fs, root)) {
        Path path = fs.makeQualified(folder);
        if (path.equals(keep) || keep(fs, path)) {
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
   * Whether a staging folder must be kept: its publish journal is open (the next run finishes or
   * undoes it), or its {@code _replaced} folder holds files of the table that a failed publish did
   * not put back.
   */
  private static boolean keep(FileSystem fs, Path staging) throws IOException {
    if (fs.exists(journalFile(staging))) {
      LOG.error(
          "Keeping {}: its publish journal {} is open; the next run of the job finishes or undoes"
              + " it",
          staging,
          journalFile(staging));
      return true;
    }
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
   * One folder of the table the publish changes: a partition folder, or the table root of an
   * unpartitioned table (its data files only).
   *
   * @param partition relative partition path, empty for the table root
   * @param staged the staged folder
   * @param live the table's folder
   * @param aside where the table's files are moved before the staged ones take their place
   * @param oldFiles the table's files the publish replaces, by relative name with their sizes: in
   *     append mode only those of an earlier publish of the same batch
   * @param newFiles the files the publish puts in the table, by relative name with their sizes
   * @param stagedNames the staged name of each new file that is renamed on the way (append), by its
   *     name in the table; a new file not listed keeps its name
   * @param mode the publish's write mode: {@link WriteMode#APPEND} adds the staged files next to
   *     the table's instead of replacing them
   */
  record Move(
      String partition,
      Path staged,
      Path live,
      Path aside,
      Map<String, Long> oldFiles,
      Map<String, Long> newFiles,
      Map<String, String> stagedNames,
      WriteMode mode) {
    Move {
      requireNonNull(partition, "partition is null");
      requireNonNull(staged, "staged is null");
      requireNonNull(live, "live is null");
      requireNonNull(aside, "aside is null");
      requireNonNull(mode, "mode is null");
      oldFiles = Collections.unmodifiableMap(new TreeMap<>(oldFiles));
      newFiles = Collections.unmodifiableMap(new TreeMap<>(newFiles));
      stagedNames = Collections.unmodifiableMap(new TreeMap<>(stagedNames));
    }

    /** Where the new file {@code name} is staged. */
    Path stagedFile(String name) {
      return new Path(staged, stagedNames.getOrDefault(name, name));
    }

    boolean root() {
      return partition.isEmpty();
    }

    String describe() {
      return root() ? "the table's data files" : partition;
    }
  }

  /** What the table holds now and what the publish puts there, one move per partition or root. */
  private static List<Move> plan(
      FileSystem fs, Path stagingRoot, Path targetRoot, List<String> partitions)
      throws IOException {
    Path replacedRoot = new Path(stagingRoot, REPLACED);
    List<Move> moves = new ArrayList<>();
    for (String partition : partitions.isEmpty() ? List.of("") : partitions) {
      Path staged = child(stagingRoot, partition);
      Path live = child(targetRoot, partition);
      moves.add(
          new Move(
              partition,
              staged,
              live,
              child(replacedRoot, partition),
              Folders.files(fs, live, listing(partition)),
              Folders.files(fs, staged, listing(partition)),
              Map.of(),
              WriteMode.OVERWRITE_PARTITIONS));
    }
    return moves;
  }

  /**
   * An append: per folder, the files of an earlier publish of the same batch (replaced) and the
   * staged files under their batch names; one move per folder written or holding such files.
   */
  private static List<Move> planAppend(
      FileSystem fs, Path stagingRoot, Path targetRoot, List<String> partitions, BatchFiles names)
      throws IOException {
    Map<String, Map<String, Long>> earlier = BatchFiles.find(fs, targetRoot, names.batch());
    if (!earlier.isEmpty()) {
      LOG.warn(
          "Batch {} is in {} already (an earlier run read the same input): its {} files in {}"
              + " are replaced",
          names.batch(),
          targetRoot,
          earlier.values().stream().mapToInt(Map::size).sum(),
          earlier.keySet().stream().map(folder -> folder.isEmpty() ? "/" : folder).toList());
    }
    TreeSet<String> folders = new TreeSet<>(partitions.isEmpty() ? List.of("") : partitions);
    folders.addAll(earlier.keySet());
    Path replacedRoot = new Path(stagingRoot, REPLACED);
    List<Move> moves = new ArrayList<>();
    for (String partition : folders) {
      Path staged = child(stagingRoot, partition);
      Map<String, Long> newFiles = new TreeMap<>();
      Map<String, String> stagedNames = new TreeMap<>();
      for (Map.Entry<String, Long> file :
          Folders.files(fs, staged, Listing.DATA_FILES).entrySet()) {
        String name = names.name(newFiles.size(), file.getKey());
        newFiles.put(name, file.getValue());
        stagedNames.put(name, file.getKey());
      }
      moves.add(
          new Move(
              partition,
              staged,
              child(targetRoot, partition),
              child(replacedRoot, partition),
              earlier.getOrDefault(partition, Map.of()),
              newFiles,
              stagedNames,
              WriteMode.APPEND));
    }
    return moves;
  }

  /** Writes the journal; when that fails nothing has moved yet, so no journal is left either. */
  private static void writeJournal(FileSystem fs, PublishJournal journal) throws IOException {
    Path file = journalFile(journal.staging());
    try {
      AtomicFiles.replace(fs, file, utf8(journal.toJson()));
    } catch (IOException | RuntimeException e) {
      deleteOrWarn(fs, file);
      throw new IOException("cannot write the publish journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes each move in turn and marks the journal {@code _published}; on a failure puts back every
   * folder already touched and rethrows. When every folder is verified as put back, {@code
   * _replaced} and the journal are deleted; otherwise a {@link NotRestoredException} names them and
   * both are kept.
   */
  private static void apply(FileSystem fs, PublishJournal journal) throws IOException {
    Path replaced = new Path(journal.staging(), REPLACED);
    List<Move> moves = journal.moves();
    int started = 0;
    try {
      for (Move move : moves) {
        started++;
        if (move.mode() == WriteMode.APPEND || move.root()) {
          replaceFiles(fs, move);
        } else {
          replaceFolder(fs, move);
        }
      }
      AtomicFiles.replace(
          fs, new Path(journal.staging(), PublishJournal.PUBLISHED), utf8(Instant.now() + "\n"));
    } catch (IOException | RuntimeException e) {
      if (!unmarked(fs, journal.staging())) {
        // A mark whose write failed may still be there: undoing under it could leave a half undone
        // publish that the next run would take for a finished one.
        throw new IOException(
            e.getMessage()
                + "; its journal "
                + journalFile(journal.staging())
                + " stays open: the next run of the job finishes or undoes the publish before"
                + " anything else",
            e);
      }
      List<String> notRestored = undo(fs, moves.subList(0, started));
      if (!notRestored.isEmpty()) {
        throw new NotRestoredException(e, replaced, notRestored);
      }
      // _replaced first: while the journal exists, a later run can still redo the (verified) undo.
      deleteOrWarn(fs, replaced);
      if (!fs.exists(replaced)) {
        deleteOrWarn(fs, journalFile(journal.staging()));
      }
      throw new IOException(e.getMessage() + "; the table was put back as it was", e);
    }
  }

  /** Whether the staging folder has no {@code _published} mark (deleting one that is there). */
  private static boolean unmarked(FileSystem fs, Path staging) {
    Path mark = new Path(staging, PublishJournal.PUBLISHED);
    try {
      return !fs.exists(mark) || fs.delete(mark, false) || !fs.exists(mark);
    } catch (IOException e) {
      LOG.warn("Cannot check or delete {}: {}", mark, e.toString());
      return false;
    }
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
    Map<String, Long> found = Folders.files(fs, move.live(), Listing.ALL_FILES);
    if (!found.equals(move.newFiles())) {
      throw new IOException(
          move.live() + " holds " + found.keySet() + " after the move, not " + move.newFiles());
    }
  }

  /** Moves the folder's old files aside, then the new ones in, file by file. */
  private static void replaceFiles(FileSystem fs, Move move) throws IOException {
    if (!move.oldFiles().isEmpty()) {
      fs.mkdirs(move.aside());
    }
    for (String name : move.oldFiles().keySet()) {
      rename(fs, new Path(move.live(), name), new Path(move.aside(), name));
    }
    addFiles(fs, move);
  }

  private static void addFiles(FileSystem fs, Move move) throws IOException {
    for (Map.Entry<String, Long> file : move.newFiles().entrySet()) {
      Path live = new Path(move.live(), file.getKey());
      if (fs.exists(live)) {
        throw new IOException(live + " exists: another run is writing the table");
      }
      fs.mkdirs(live.getParent());
      rename(fs, move.stagedFile(file.getKey()), live);
      long size = fs.getFileStatus(live).getLen();
      if (size != file.getValue()) {
        throw new IOException(
            live + " has " + size + " bytes after the move, not " + file.getValue());
      }
    }
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
      try {
        if (move.mode() == WriteMode.APPEND ? restoreBatch(fs, move) : restore(fs, move)) {
          continue;
        }
        LOG.error(
            "Cannot put back {} of {}: it does not hold its previous files after the undo",
            move.describe(),
            move.live());
      } catch (IOException | RuntimeException e) {
        LOG.error("Cannot put back {} of {}: {}", move.describe(), move.live(), e.toString());
      }
      notRestored.add(move.partition());
    }
    return notRestored;
  }

  private static boolean restore(FileSystem fs, Move move) throws IOException {
    boolean root = move.root();
    Listing listing = listing(move.partition());
    if (!root && !fs.exists(move.live()) && fs.exists(move.aside())) {
      // Moved aside and nothing moved in yet: one rename (atomic on local disks and HDFS).
      if (!fs.rename(move.aside(), move.live())) {
        LOG.warn("Cannot rename {} back to {}; moving file by file", move.aside(), move.live());
      }
    }
    for (String name : Folders.files(fs, move.live(), listing).keySet()) {
      if (!move.oldFiles().containsKey(name)) {
        deleteFile(fs, new Path(move.live(), name));
      }
    }
    Map<String, Long> live = Folders.files(fs, move.live(), listing);
    for (String name : Folders.files(fs, move.aside(), listing).keySet()) {
      Long size = move.oldFiles().get(name);
      if (size == null || size.equals(live.get(name))) {
        // Not the table's, or still in place: the source of a copy that was never deleted.
        continue;
      }
      Path back = new Path(move.live(), name);
      if (live.containsKey(name)) {
        deleteFile(fs, back);
      }
      fs.mkdirs(back.getParent());
      rename(fs, new Path(move.aside(), name), back);
    }
    if (!Folders.files(fs, move.live(), listing).equals(move.oldFiles())) {
      return false;
    }
    if (!root && move.oldFiles().isEmpty() && fs.exists(move.live())) {
      // A partition the publish would have created: no empty folder left behind.
      fs.delete(move.live(), true);
    }
    return true;
  }

  /**
   * Undoes an append in one folder: removes every new file that reached the table and moves back
   * the files of the batch's earlier publish that were moved aside. Only the journal's files are
   * touched and compared: the folder holds other batches' files too.
   */
  private static boolean restoreBatch(FileSystem fs, Move move) throws IOException {
    for (String name : move.newFiles().keySet()) {
      Path live = new Path(move.live(), name);
      if (fs.exists(live)) {
        deleteFile(fs, live);
      }
    }
    Map<String, Long> live = Folders.files(fs, move.live(), Listing.DATA_FILES);
    for (Map.Entry<String, Long> old : move.oldFiles().entrySet()) {
      Path aside = new Path(move.aside(), old.getKey());
      if (old.getValue().equals(live.get(old.getKey())) || !fs.exists(aside)) {
        // Still in place (or the source of a copy that was never deleted), or nothing to put back.
        continue;
      }
      Path back = new Path(move.live(), old.getKey());
      if (live.containsKey(old.getKey())) {
        deleteFile(fs, back);
      }
      fs.mkdirs(back.getParent());
      rename(fs, aside, back);
    }
    live = Folders.files(fs, move.live(), Listing.DATA_FILES);
    for (String name : move.newFiles().keySet()) {
      if (live.containsKey(name)) {
        return false;
      }
    }
    for (Map.Entry<String, Long> old : move.oldFiles().entrySet()) {
      if (!old.getValue().equals(live.get(old.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * How a folder of the table is listed: the root of an unpartitioned table holds the table's
   * metadata and other folders next to its data files.
   */
  private static Listing listing(String partition) {
    return partition.isEmpty() ? Listing.DATA_FILES : Listing.ALL_FILES;
  }

  private static Path journalFile(Path staging) {
    return new Path(staging, PublishJournal.FILE);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String notPutBack(List<String> partitions, Path replaced) {
    return "could not put back "
        + (partitions.equals(List.of("")) ? "the table's data files" : "partitions " + partitions)
        + ": their previous files are kept in "
        + replaced
        + " (not deleted)";
  }

  private static void deleteFile(FileSystem fs, Path path) throws IOException {
    if (!fs.delete(path, false) && fs.exists(path)) {
      throw new IOException("delete of " + path + " failed");
    }
  }

  private static void deleteOrWarn(FileSystem fs, Path folder) {
    try {
      Folders.delete(fs, folder);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", folder, e.toString());
    }
  }

  /**
   * A publish that failed and could not put every folder of the table back: the previous files of
   * those partitions are kept under {@code _replaced}, and the journal stays open.
   */
  static final class NotRestoredException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRestoredException(Throwable cause, Path replaced, List<String> partitions) {
      super(
          cause.getMessage()
              + "; then "
              + notPutBack(partitions, replaced)
              + "; the next run of the job puts them back before it does anything else",
          cause);
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " failed");
    }
  }

  private static Path child(Path root, String relative) {
    return relative.isEmpty() ? root : new Path(root, relative);
  }
}
