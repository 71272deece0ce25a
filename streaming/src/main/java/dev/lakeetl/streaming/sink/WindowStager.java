package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Computes one batch's complete windows from the rows it published and the rows of windows still
 * open, and stages them like the batch's other files, so windows are written exactly once with the
 * batch that completes them.
 *
 * <p>The watermark is the latest event time published so far minus {@code window.allowed-lateness},
 * never moving back. A batch's rows older than the watermark before it are late and count in no
 * window. The batch writes every window whose end lies between the previous watermark (exclusive)
 * and its own (inclusive), and keeps the rows that may still fall in a later window under {@code
 * <log>/windows/open-<batch id>}; the next batch reads them back. The watermark travels in the
 * batch's manifest and commit marker, so a replayed batch recomputes the same windows from the same
 * state.
 */
final class WindowStager {
  private static final String STATE = "windows";
  private static final String OPEN = "open-";

  private final WindowConfig config;
  private final String eventTime;
  private final StagedParquet files;
  private final Path state;

  /**
   * What one batch staged.
   *
   * @param rows window rows written
   * @param late published rows older than the previous watermark, counted in no window
   * @param watermark the watermark after the batch; empty until a row was published
   */
  record Staged(long rows, long late, Optional<Instant> watermark) {
    Staged {
      requireNonNull(watermark, "watermark is null");
    }
  }

  /**
   * @param config the windows and the table they go to
   * @param files how the batch's files are written
   * @param log the one-pass sink's log folder, which holds the open rows
   */
  WindowStager(WindowConfig config, String eventTime, StagedParquet files, String log) {
    this.config = requireNonNull(config, "config is null");
    this.eventTime = requireNonNull(eventTime, "eventTime is null");
    this.files = requireNonNull(files, "files is null");
    this.state = new Path(requireNonNull(log, "log is null"), STATE);
  }

  /** The windows table. */
  String table() {
    return config.path();
  }

  /**
   * Stages the windows that {@code published} completes under {@link OnePassSink#staging} of the
   * windows table, and the rows still open for the next batch.
   *
   * @param published the batch's rows as written to the refined table
   * @param previous the commit of the batch before, whose open rows and watermark carry over
   */
  Staged stage(Dataset<Row> published, long batchId, Optional<BatchLog.Commit> previous) {
    Column time = col(eventTime);
    Optional<Instant> before = previous.flatMap(BatchLog.Commit::watermark);
    Column late = before.map(w -> count(when(time.lt(timestamp(w)), lit(1)))).orElse(lit(0L));
    Row stats = published.agg(max(time), late).first();
    Optional<Instant> latest =
        stats.isNullAt(0) ? Optional.empty() : Optional.of(stats.getTimestamp(0).toInstant());
    Optional<Instant> watermark = later(before, latest.map(t -> t.minus(config.allowedLateness())));

    Dataset<Row> onTime =
        before.map(w -> published.where(time.geq(timestamp(w)))).orElse(published);
    Dataset<Row> rows =
        before.isPresent()
            ? open(published.sparkSession(), previous.get().batchId(), published)
                .unionByName(onTime)
            : onTime;
    long windows = 0;
    if (watermark.isPresent()) {
      Column end = col(WindowedAggregation.WINDOW_END);
      Column complete = end.leq(timestamp(watermark.get()));
      if (before.isPresent()) {
        complete = complete.and(end.gt(timestamp(before.get())));
      }
      String staging = OnePassSink.staging(config.path(), batchId);
      Dataset<Row> closed = WindowedAggregation.aggregate(rows, eventTime, config).where(complete);
      files.write(closed, staging, List.of(WindowedAggregation.WINDOW_DATE));
      windows = published.sparkSession().read().schema(closed.schema()).parquet(staging).count();
      // A row can still fall in a later window only if it is less than a window older than the
      // watermark.
      rows = rows.where(time.geq(timestamp(watermark.get().minus(config.duration()))));
    }
    files.write(rows, openRows(batchId).toString(), List.of());
    return new Staged(windows, stats.getLong(1), watermark);
  }

  /** Drops the open rows of batches before {@code batchId}, once it is committed. */
  void dropStateBefore(long batchId, Configuration hadoopConf) {
    try {
      FileSystem fs = state.getFileSystem(hadoopConf);
      for (FileStatus folder : fs.listStatus(state)) {
        String name = folder.getPath().getName();
        if (name.startsWith(OPEN) && Long.parseLong(name.substring(OPEN.length())) < batchId) {
          fs.delete(folder.getPath(), true);
        }
      }
    } catch (FileNotFoundException e) {
      // No batch has staged windows yet.
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot drop the open windows before batch " + batchId, e);
    }
  }

  /** The open rows {@code batchId} left, read with the published rows' columns. */
  private Dataset<Row> open(SparkSession spark, long batchId, Dataset<Row> published) {
    Path folder = openRows(batchId);
    try {
      if (!folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder)) {
        throw new IllegalStateException(
            "Cannot compute windows: the open windows of committed batch "
                + batchId
                + " are missing from "
                + folder
                + "; the windows state belongs with the checkpoint and cannot be rebuilt");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the open windows in " + folder, e);
    }
    return spark.read().schema(published.schema()).parquet(folder.toString());
  }

  private Path openRows(long batchId) {
    return new Path(state, OPEN + batchId);
  }

  private static Optional<Instant> later(Optional<Instant> left, Optional<Instant> right) {
    if (left.isEmpty()) {
      return right;
    }
    if (right.isEmpty()) {
      return left;
    }
    return Optional.of(left.get().isAfter(right.get()) ? left.get() : right.get());
  }

  private static Column timestamp(Instant instant) {
    return lit(Timestamp.from(instant));
  }
}
