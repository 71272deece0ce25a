package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.sink.WindowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured locations resolved for this runtime (s3:// to s3a:// where needed).
 *
 * @param target refined table
 * @param quarantine quarantined records
 * @param windows windowed aggregates, when configured
 * @param checkpoint stream.checkpoint-path
 * @param reports report.path
 */
record StreamingPaths(
    String target, String quarantine, Optional<String> windows, String checkpoint, String reports) {
  private static final String FILE_SINK_LOG = "_spark_metadata";

  /** The streaming query's name and checkpoint sub-folder. */
  static final String QUERY = "refined";

  /** Sub-folder of the query checkpoint holding the one-pass sink's batch log. */
  private static final String SINK_LOG = "sink";

  private static final Logger LOG = LoggerFactory.getLogger(StreamingPaths.class);

  StreamingPaths {
    requireNonNull(target, "target is null");
    requireNonNull(quarantine, "quarantine is null");
    requireNonNull(windows, "windows is null");
    requireNonNull(checkpoint, "checkpoint is null");
    requireNonNull(reports, "reports is null");
  }

  static StreamingPaths resolve(StreamingConfig config, Configuration hadoopConf) {
    return new StreamingPaths(
        StoragePaths.resolve(config.targetPath(), hadoopConf),
        StoragePaths.resolve(config.quarantinePath(), hadoopConf),
        config.window().map(WindowConfig::path).map(path -> StoragePaths.resolve(path, hadoopConf)),
        StoragePaths.resolve(config.checkpointPath(), hadoopConf),
        StoragePaths.resolve(config.reportPath(), hadoopConf));
  }

  /**
   * Refuses tables written by Spark's file sink (versions before the one-pass sink): Spark reads
   * only the files listed in a table's {@code _spark_metadata}, so every file written from now on
   * would be invisible to Spark readers.
   *
   * @throws IllegalStateException naming the folder and what to do
   */
  void checkNoFileSinkLog(Configuration hadoopConf) {
    List<String> tables = new ArrayList<>(List.of(target, quarantine));
    windows.ifPresent(tables::add);
    for (String table : tables) {
      Path log = new Path(table, FILE_SINK_LOG);
      try {
        if (log.getFileSystem(hadoopConf).exists(log)) {
          throw new IllegalStateException(
              "Cannot write to "
                  + table
                  + ": it has "
                  + FILE_SINK_LOG
                  + " from an earlier version of the job (Spark's file sink), and Spark readers"
                  + " would ignore every file not listed there. Stop the old job gracefully, move "
                  + log
                  + " out of the table (its data files stay valid) and start again; see"
                  + " docs/streaming.md, \"Upgrading from the file sink\"");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot check " + log, e);
      }
    }
  }

  /**
   * The one-pass sink's log: {@code <checkpoint>/refined/sink}, inside the query's checkpoint, so
   * resetting the checkpoint resets the log with it and a batch id that starts again at 0 is never
   * mistaken for one committed before the reset.
   */
  String sinkLog() {
    return queryCheckpoint() + "/" + SINK_LOG;
  }

  /** The query's checkpoint: {@code <checkpoint>/refined}. */
  String queryCheckpoint() {
    return StoragePaths.child(checkpoint, QUERY);
  }

  /**
   * Moves a batch log found at {@code <checkpoint>/sink}, where it was kept next to the query
   * checkpoint, into {@link #sinkLog}, when the query checkpoint it belongs to is there. A log next
   * to a missing query checkpoint describes batches of a reset query: it is left where it is,
   * unused.
   */
  void moveLegacySinkLog(Configuration hadoopConf) {
    Path legacy = new Path(StoragePaths.child(checkpoint, SINK_LOG));
    Path current = new Path(sinkLog());
    Path offsets = new Path(queryCheckpoint(), "offsets");
    try {
      FileSystem fs = legacy.getFileSystem(hadoopConf);
      if (!fs.exists(legacy)) {
        return;
      }
      if (fs.exists(current) || !fs.exists(offsets)) {
        LOG.warn(
            "Ignoring the batch log {}: it belongs to an earlier checkpoint of the query; the log"
                + " in use is {}",
            legacy,
            current);
        return;
      }
      if (!fs.rename(legacy, current)) {
        throw new IOException("rename returned false");
      }
      LOG.info("Moved the batch log {} into the query checkpoint: {}", legacy, current);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the batch log " + legacy + " to " + current, e);
    }
  }

  /** The outputs section of the run report. */
  Map<String, Optional<String>> outputs() {
    Map<String, Optional<String>> outputs = new LinkedHashMap<>();
    outputs.put("target", Optional.of(target));
    outputs.put("quarantine", Optional.of(quarantine));
    outputs.put("windows", windows);
    outputs.put("checkpoint", Optional.of(checkpoint));
    return outputs;
  }
}
