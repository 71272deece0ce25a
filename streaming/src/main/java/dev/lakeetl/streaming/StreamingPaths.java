package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import dev.lakeetl.streaming.sink.WindowConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

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
