package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.sink.WindowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

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
    for (String table : List.of(target, quarantine)) {
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
