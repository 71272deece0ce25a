package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The day partitions of refined tables one run reads, by {@link IncrementalMode}, for jobs whose
 * input is partitioned Parquet (refined to curated). A partition folder is laid out by a {@link
 * DatedPath} relative to the table, {@value #DEFAULT_LAYOUT} by default.
 *
 * <ul>
 *   <li>full: whole tables ({@link #partitions} is empty).
 *   <li>run-date: the partition folders of the run's days that exist (a day without rows has none).
 *   <li>bookmark: partition folders that are new, or whose files changed (a re-run of the upstream
 *       job rewrites them): size and newest modification time of their files are compared.
 * </ul>
 *
 * Read the selected folders with {@code spark.read().option("basePath", table).parquet(folders)} so
 * the partition columns stay in the rows.
 */
public final class PartitionSelection extends InputSelection {
  /** How the raw-to-refined job partitions by day. */
  public static final String DEFAULT_LAYOUT = "year={yyyy}/month={MM}/day={dd}";

  private static final Logger LOG = LoggerFactory.getLogger(PartitionSelection.class);

  private final Optional<Map<String, List<String>>> partitions;
  private final Optional<BatchId> batch;

  private PartitionSelection(
      Optional<Map<String, List<String>>> partitions,
      Optional<PendingCommit> bookmark,
      Optional<BatchId> batch) {
    super(bookmark);
    this.partitions = partitions;
    this.batch = batch;
  }

  /**
   * Lists the day partitions of {@code tables} and picks those this run reads.
   *
   * @param tables table root folders
   * @param layout partition folders below a table root, e.g. {@value #DEFAULT_LAYOUT}
   */
  public static PartitionSelection select(
      SparkSession spark, List<String> tables, String layout, IncrementalConfig incremental) {
    requireNonNull(spark, "spark is null");
    requireNonNull(tables, "tables is null");
    requireNonNull(layout, "layout is null");
    requireNonNull(incremental, "incremental is null");
    if (incremental.mode() == IncrementalMode.FULL) {
      return new PartitionSelection(Optional.empty(), Optional.empty(), Optional.empty());
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, List<BookmarkEntry>> listed = new LinkedHashMap<>();
    for (String table : tables) {
      DatedPath partitions = DatedPath.of(StoragePaths.child(table, layout));
      List<BookmarkEntry> folders = new ArrayList<>();
      for (BookmarkEntry folder : list(partitions.anyDay(), conf)) {
        LocalDate day = partitions.dayOf(folder.path()).orElseThrow();
        if (incremental.mode() == IncrementalMode.BOOKMARK
            || incremental.runDates().orElseThrow().contains(day)) {
          folders.add(folder);
        }
      }
      listed.put(table, List.copyOf(folders));
    }
    if (incremental.mode() == IncrementalMode.RUN_DATE) {
      Map<String, List<String>> selected = new LinkedHashMap<>();
      listed.forEach((table, folders) -> selected.put(table, paths(folders)));
      LOG.info("Incremental mode {}: reading partitions {}", incremental.describe(), selected);
      return new PartitionSelection(
          Optional.of(Map.copyOf(selected)),
          Optional.empty(),
          Optional.of(BatchId.ofRunDates(tables, incremental.runDates().orElseThrow())));
    }

    PendingCommit bookmark =
        PendingCommit.open(
            StoragePaths.resolve(incremental.bookmarkPath(), conf),
            incremental.bookmarkCommit(),
            conf);
    Map<String, List<String>> selected = new LinkedHashMap<>();
    List<BookmarkEntry> all = new ArrayList<>();
    List<BookmarkEntry> fresh = new ArrayList<>();
    listed.forEach(
        (table, folders) -> {
          List<BookmarkEntry> tableFresh = folders.stream().filter(bookmark::isNew).toList();
          selected.put(table, paths(tableFresh));
          all.addAll(folders);
          fresh.addAll(tableFresh);
        });
    bookmark.record(all, fresh);
    LOG.info(
        "Bookmark {} version {}: {} of {} partitions are new or changed: {}",
        bookmark.location(),
        bookmark.baseVersion(),
        fresh.size(),
        all.size(),
        selected);
    return new PartitionSelection(
        Optional.of(Map.copyOf(selected)),
        Optional.of(bookmark),
        Optional.of(BatchId.ofEntries("partitions", fresh)));
  }

  /** Every partition folder matching {@code glob}, with its files' total size and newest time. */
  private static List<BookmarkEntry> list(String glob, Configuration conf) {
    Path pattern = new Path(glob);
    try {
      FileSystem fs = pattern.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(pattern);
      List<BookmarkEntry> folders = new ArrayList<>();
      for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
        if (!match.isDirectory()) {
          continue;
        }
        long size = 0;
        long modified = 0;
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
        while (files.hasNext()) {
          LocatedFileStatus file = files.next();
          String name = file.getPath().getName();
          if (!name.startsWith("_") && !name.startsWith(".")) {
            size += file.getLen();
            modified = Math.max(modified, file.getModificationTime());
          }
        }
        folders.add(new BookmarkEntry(match.getPath().toString(), size, modified));
      }
      folders.sort(Comparator.comparing(BookmarkEntry::path));
      return folders;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list partitions " + glob + ": " + e.getMessage(), e);
    }
  }

  private static List<String> paths(List<BookmarkEntry> folders) {
    return folders.stream().map(BookmarkEntry::path).toList();
  }

  /**
   * The partition folders of {@code table} to read; empty when the whole table is read (full mode).
   * An empty list means nothing of this table is new.
   */
  public Optional<List<String>> partitions(String table) {
    requireNonNull(table, "table is null");
    return partitions.map(
        selected -> {
          List<String> folders = selected.get(table);
          if (folders == null) {
            throw new IllegalArgumentException(
                "Cannot select partitions of " + table + ": not one of " + selected.keySet());
          }
          return folders;
        });
  }

  /**
   * The batch this run's input is: in {@code run-date} mode the tables and the run dates; in
   * bookmark mode the partitions selected (path, size and newest modification time of each); none
   * in full mode, which selects no partitions (the job names its batch by the files it lists).
   */
  public Optional<BatchId> batch() {
    return batch;
  }
}
