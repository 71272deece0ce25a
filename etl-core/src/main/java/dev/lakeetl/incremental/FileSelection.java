package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFiles;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.spark.StoragePaths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw files one run reads, by {@link IncrementalMode}, and (bookmark mode) what it commits
 * after its output is published.
 *
 * <ul>
 *   <li>full: every file under the source paths; a {@link DatedPath} reads every day folder.
 *   <li>run-date: the folders of the run's days, which must exist.
 *   <li>bookmark: files whose path, size and modification time no committed version holds. When the
 *       target replaces whole partitions, a day folder with any new or changed file is read in
 *       full, so the day's partitions are rewritten with all of that day's data, not only the new
 *       file's.
 * </ul>
 */
public final class FileSelection extends InputSelection {
  private static final Logger LOG = LoggerFactory.getLogger(FileSelection.class);

  private final SourceConfig source;
  private final List<SourceFile> files;
  private final BatchId batch;

  private FileSelection(
      SourceConfig source,
      List<SourceFile> files,
      Optional<PendingCommit> bookmark,
      BatchId batch) {
    super(bookmark);
    this.source = source;
    this.files = List.copyOf(files);
    this.batch = batch;
  }

  /**
   * Checks that the source paths support the mode, before Spark starts.
   *
   * @param writeMode how the target is written: {@link WriteMode#OVERWRITE_PARTITIONS} replaces the
   *     partitions a run writes
   * @throws IllegalArgumentException naming the keys to change
   */
  public static void validate(
      SourceConfig source, WriteMode writeMode, IncrementalConfig incremental) {
    requireNonNull(source, "source is null");
    requireNonNull(writeMode, "writeMode is null");
    requireNonNull(incremental, "incremental is null");
    for (String path : source.paths()) {
      boolean dated = DatedPath.isDated(path);
      if (dated) {
        DatedPath.of(path);
      }
      if (!dated && incremental.mode() == IncrementalMode.RUN_DATE) {
        throw new IllegalArgumentException(
            "Cannot select run date "
                + incremental.runDates().orElseThrow()
                + ": source.path '"
                + path
                + "' has no day in it; write the day folders as placeholders, e.g."
                + " .../flights/{yyyy}/{MM}/{dd} or .../flights/date={yyyy}-{MM}-{dd}");
      }
      if (!dated
          && incremental.mode() == IncrementalMode.BOOKMARK
          && writeMode == WriteMode.OVERWRITE_PARTITIONS) {
        throw new IllegalArgumentException(
            "Cannot use incremental.mode=bookmark with target.write-mode=overwrite-partitions:"
                + " source.path '"
                + path
                + "' has no day in it, so the rows of a new file would replace the partitions"
                + " earlier runs wrote; use day folders in source.path (.../{yyyy}/{MM}/{dd}) or"
                + " target.write-mode=append");
      }
    }
  }

  /**
   * Lists the source and picks the files this run reads.
   *
   * @param writeMode how the target is written: {@link WriteMode#OVERWRITE_PARTITIONS} replaces the
   *     partitions a run writes
   */
  public static FileSelection select(
      SparkSession spark, SourceConfig source, WriteMode writeMode, IncrementalConfig incremental) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    requireNonNull(incremental, "incremental is null");
    validate(source, writeMode, incremental);
    List<String> paths = new ArrayList<>();
    for (String path : source.paths()) {
      if (!DatedPath.isDated(path)) {
        paths.add(path);
      } else if (incremental.mode() == IncrementalMode.RUN_DATE) {
        DatedPath dated = DatedPath.of(path);
        incremental.runDates().orElseThrow().days().forEach(day -> paths.add(dated.forDay(day)));
      } else {
        paths.add(DatedPath.of(path).anyDay());
      }
    }
    List<SourceFile> listed = SourceFiles.list(spark, withPaths(source, paths));
    if (incremental.mode() != IncrementalMode.BOOKMARK) {
      LOG.info("Incremental mode {}: reading {} files", incremental.describe(), listed.size());
      // A run date's batch is the day(s), whatever files they hold: a rerun replaces them.
      BatchId batch =
          incremental.mode() == IncrementalMode.RUN_DATE
              ? BatchId.ofRunDates(source.paths(), incremental.runDates().orElseThrow())
              : BatchId.ofFiles(listed);
      return new FileSelection(readable(source), listed, Optional.empty(), batch);
    }

    PendingCommit bookmark =
        PendingCommit.open(
            StoragePaths.resolve(
                incremental.bookmarkPath(), spark.sparkContext().hadoopConfiguration()),
            incremental.bookmarkCommit(),
            spark.sparkContext().hadoopConfiguration());
    List<SourceFile> fresh = listed.stream().filter(file -> bookmark.isNew(entry(file))).toList();
    List<SourceFile> selected = fresh;
    Set<LocalDate> days = new TreeSet<>();
    if (writeMode == WriteMode.OVERWRITE_PARTITIONS && !fresh.isEmpty()) {
      List<DatedPath> templates = source.paths().stream().map(DatedPath::of).toList();
      fresh.forEach(file -> days.add(day(file, templates)));
      selected = listed.stream().filter(file -> days.contains(day(file, templates))).toList();
    }
    bookmark.record(
        listed.stream().map(FileSelection::entry).toList(),
        selected.stream().map(FileSelection::entry).toList());
    LOG.info(
        "Bookmark {} version {}: {} of {} listed files are new or changed; reading {} files{}",
        bookmark.location(),
        bookmark.baseVersion(),
        fresh.size(),
        listed.size(),
        selected.size(),
        days.isEmpty() ? "" : " (all files of " + days.size() + " day folders: " + days + ")");
    return new FileSelection(
        readable(source),
        selected,
        Optional.of(bookmark),
        BatchId.ofBookmark(bookmark.location(), bookmark.baseEntries()));
  }

  private static BookmarkEntry entry(SourceFile file) {
    return new BookmarkEntry(file.path(), file.size(), file.modificationTime());
  }

  private static LocalDate day(SourceFile file, List<DatedPath> templates) {
    for (DatedPath template : templates) {
      Optional<LocalDate> day = template.dayOf(file.path());
      if (day.isPresent()) {
        return day.get();
      }
    }
    throw new IllegalStateException(
        "Cannot find the day of " + file.path() + " in source.path " + templates);
  }

  private static SourceConfig withPaths(SourceConfig source, List<String> paths) {
    return source.withPaths(paths);
  }

  /**
   * The source with every dated path replaced by its root, as readers need it (Parquet's basePath).
   */
  private static SourceConfig readable(SourceConfig source) {
    return withPaths(
        source,
        source.paths().stream()
            .map(path -> DatedPath.isDated(path) ? DatedPath.of(path).root() : path)
            .toList());
  }

  /** The source config to read {@link #files} with: dated paths replaced by their root folder. */
  public SourceConfig source() {
    return source;
  }

  /** The files to read, in path order. */
  public List<SourceFile> files() {
    return files;
  }

  /**
   * The batch this run's input is: in {@code run-date} mode the source paths and the run dates; in
   * {@code bookmark} mode the bookmark's state the run started from ({@link BatchId#ofBookmark});
   * otherwise the files read (path, size and modification time of each).
   */
  public BatchId batch() {
    return batch;
  }
}
