package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.BatchRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one micro-batch of decoded records to the refined table and the quarantine, each record
 * decoded once and written to exactly one of them, and the windows the batch completes, when
 * configured, idempotently per batch id (the {@code foreachBatch} function of the streaming job's
 * one query).
 *
 * <p>Per batch: the decoded batch is persisted; refined rows and quarantined records are written
 * under {@code <table>/_staging/batch-<id>/}; once the batch passed its quality rules, the windows
 * it completes are computed from its refined rows ({@link WindowStager}) and staged the same way; a
 * manifest listing every staged file is recorded in the {@link BatchLog}; each file is moved into
 * its partition folder as {@code batch-<id>-<name>}; then a commit marker is recorded. Spark
 * replays a batch id when it crashed before committing it in the checkpoint; a replayed id is
 * skipped when it has a commit marker, its moves are finished when it has a manifest, and otherwise
 * its staging folders are cleared and it is written again. Readers that list the folders (Athena,
 * DuckDB, Spark) never see staged files ({@code _} folders are hidden); they may see part of a
 * batch while its files are moved, and after a crash during the moves until the restart finishes
 * them, before any later batch.
 */
public final class OnePassSink implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OnePassSink.class);

  /** Hidden (leading underscore) folder under each table for batches being written. */
  public static final String STAGING = "_staging";

  private final Layout layout;
  private final BatchStager stager;
  private final Optional<WindowStager> windows;
  private final AtomicReference<BatchCounts> totals = new AtomicReference<>();
  private final AtomicReference<BatchCounts> thisRun = new AtomicReference<>(BatchCounts.ZERO);

  /**
   * Where and how the sink writes.
   *
   * @param target refined table root
   * @param quarantine quarantine root
   * @param log the {@link BatchLog} folder
   * @param eventTime decode.event-time
   * @param partitioning the event-time partitions of the refined table (target.hourly)
   * @param compression Parquet compression codec
   * @param maxRecordsPerFile the writer's limit per file
   */
  public record Layout(
      String target,
      String quarantine,
      String log,
      String eventTime,
      EventPartitioning partitioning,
      String compression,
      long maxRecordsPerFile) {
    public Layout {
      requireNonNull(target, "target is null");
      requireNonNull(quarantine, "quarantine is null");
      requireNonNull(log, "log is null");
      requireNonNull(eventTime, "eventTime is null");
      requireNonNull(partitioning, "partitioning is null");
      requireNonNull(compression, "compression is null");
    }
  }

  /**
   * @param quality the rules checked on every batch's refined rows
   * @param clock the time quality rules (freshness) are evaluated at
   */
  public OnePassSink(Layout layout, BatchQuality quality, Clock clock) {
    this(layout, Optional.empty(), quality, clock);
  }

  /**
   * @param windows the windowed aggregates to write with each batch, {@link WindowConfig#path}
   *     resolved for this runtime
   * @param quality the rules checked on every batch's refined rows
   * @param clock the time quality rules (freshness) are evaluated at
   */
  public OnePassSink(
      Layout layout, Optional<WindowConfig> windows, BatchQuality quality, Clock clock) {
    this.layout = requireNonNull(layout, "layout is null");
    this.stager = new BatchStager(layout, quality, clock);
    this.windows =
        requireNonNull(windows, "windows is null")
            .map(
                config ->
                    new WindowStager(
                        config,
                        layout.eventTime(),
                        new StagedParquet(layout.compression(), layout.maxRecordsPerFile()),
                        layout.log()));
  }

  /**
   * Records and window rows written since the checkpoint was created (continued from the latest
   * commit marker), or this run's until the first batch when there is none.
   */
  public BatchCounts totals() {
    BatchCounts known = totals.get();
    return known == null ? thisRun.get() : known;
  }

  /** Records and window rows this process wrote. */
  public BatchCounts thisRun() {
    return thisRun.get();
  }

  /** Reads the running totals from the log, so the report can show them before the first batch. */
  public void loadTotals(Configuration hadoopConf) {
    BatchLog log = new BatchLog(layout.log(), hadoopConf);
    totals.set(log.latest().map(BatchLog.Commit::totals).orElse(BatchCounts.ZERO));
  }

  @Override
  public void call(Dataset<Row> decoded, Long batchId) {
    requireNonNull(decoded, "decoded is null");
    requireNonNull(batchId, "batchId is null");
    long started = System.nanoTime();
    Configuration hadoopConf = decoded.sparkSession().sparkContext().hadoopConfiguration();
    BatchLog log = new BatchLog(layout.log(), hadoopConf);
    if (totals.get() == null) {
      loadTotals(hadoopConf);
    }
    if (log.committed(batchId).isPresent()) {
      LOG.info("Batch {} was committed before a restart: skipped", batchId);
      return;
    }
    BatchManifest manifest;
    Optional<BatchManifest> staged = log.manifest(batchId);
    if (staged.isPresent()) {
      manifest = staged.get();
      LOG.info(
          "Batch {} was staged before a restart: finishing its {} file moves",
          batchId,
          manifest.moves().size());
    } else {
      manifest = stage(decoded, batchId, log, hadoopConf);
      log.writeManifest(batchId, manifest);
    }
    for (BatchManifest.Move move : manifest.moves()) {
      move(move, hadoopConf);
    }
    deleteStaging(batchId, hadoopConf);
    BatchCounts total = totals.get().plus(manifest.counts());
    log.commit(new BatchLog.Commit(batchId, manifest.counts(), total, manifest.watermark()));
    windows.ifPresent(stager -> stager.dropStateBefore(batchId, hadoopConf));
    totals.set(total);
    thisRun.set(thisRun.get().plus(manifest.counts()));
    LOG.info(
        "Batch {} committed: {} refined rows, {} quarantined records{} in {} files; {} ms",
        batchId,
        manifest.counts().refined(),
        manifest.counts().quarantined(),
        windows.isPresent()
            ? ", "
                + manifest.counts().windowRows()
                + " window rows (watermark "
                + manifest.watermark().map(String::valueOf).orElse("none")
                + ")"
            : "",
        manifest.moves().size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * Writes both outputs of the batch to its staging folders, replacing what an interrupted attempt
   * left there; returns the moves to make.
   *
   * @throws BatchRejectedException when the batch breaks a {@code fail} quality rule; nothing of it
   *     stays staged
   */
  BatchManifest stage(Dataset<Row> decoded, long batchId, BatchLog log, Configuration hadoopConf) {
    deleteStaging(batchId, hadoopConf);
    BatchCounts records;
    try {
      records = stager.stage(decoded, batchId);
    } catch (BatchRejectedException e) {
      deleteStaging(batchId, hadoopConf);
      throw e;
    }
    Optional<WindowStager.Staged> staged =
        windows.map(
            stager ->
                stager.stage(
                    BatchStager.written(
                        RefinedRows.refined(decoded, layout.eventTime(), layout.partitioning()),
                        staging(layout.target(), batchId)),
                    batchId,
                    log.latestBefore(batchId)));
    BatchCounts counts =
        staged.map(window -> records.withWindows(window.rows(), window.late())).orElse(records);
    if (counts.lateRows() > 0) {
      LOG.warn(
          "Batch {}: {} refined rows are older than the windows' watermark and count in no window"
              + " (window.allowed-lateness)",
          batchId,
          counts.lateRows());
    }
    List<BatchManifest.Move> moves = new ArrayList<>();
    for (String table : tables()) {
      moves.addAll(moves(table, batchId, hadoopConf));
    }
    return new BatchManifest(counts, moves, staged.flatMap(WindowStager.Staged::watermark));
  }

  /** The tables a batch writes to. */
  private List<String> tables() {
    List<String> tables = new ArrayList<>(List.of(layout.target(), layout.quarantine()));
    windows.ifPresent(stager -> tables.add(stager.table()));
    return tables;
  }

  /** Every data file staged under {@code table} for the batch and its final place. */
  private static List<BatchManifest.Move> moves(
      String table, long batchId, Configuration hadoopConf) {
    Path staging = new Path(staging(table, batchId));
    List<BatchManifest.Move> moves = new ArrayList<>();
    try {
      FileSystem fs = staging.getFileSystem(hadoopConf);
      if (!fs.exists(staging)) {
        return moves;
      }
      String prefix = fs.makeQualified(staging).toString() + "/";
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(staging, true);
      while (files.hasNext()) {
        Path file = files.next().getPath();
        String name = file.getName();
        if (!name.startsWith("part-")) {
          continue;
        }
        String relative = fs.makeQualified(file).toString().substring(prefix.length());
        String folder = relative.substring(0, relative.length() - name.length());
        moves.add(
            new BatchManifest.Move(
                file.toString(),
                StoragePaths.child(table, folder + "batch-" + batchId + "-" + name)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the staged files of batch " + batchId, e);
    }
    moves.sort((left, right) -> left.destination().compareTo(right.destination()));
    return moves;
  }

  /**
   * Moves one staged file; idempotent: a file already moved (staged copy gone, final one there) is
   * left, a final file from an interrupted copy is replaced.
   */
  static void move(BatchManifest.Move move, Configuration hadoopConf) {
    Path staged = new Path(move.staged());
    Path destination = new Path(move.destination());
    try {
      FileSystem fs = destination.getFileSystem(hadoopConf);
      if (!fs.exists(staged)) {
        if (!fs.exists(destination)) {
          throw new IllegalStateException(
              "Cannot finish batch: staged file "
                  + staged
                  + " is gone and "
                  + destination
                  + " does not exist");
        }
        return;
      }
      fs.delete(destination, false);
      fs.mkdirs(destination.getParent());
      if (!fs.rename(staged, destination)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + staged + " to " + destination, e);
    }
  }

  private void deleteStaging(long batchId, Configuration hadoopConf) {
    for (String table : tables()) {
      Path staging = new Path(staging(table, batchId));
      try {
        staging.getFileSystem(hadoopConf).delete(staging, true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + staging, e);
      }
    }
  }

  static String staging(String table, long batchId) {
    return StoragePaths.child(table, STAGING + "/batch-" + batchId);
  }
}
