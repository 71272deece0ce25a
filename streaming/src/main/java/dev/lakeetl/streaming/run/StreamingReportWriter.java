package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes the streaming report to {@code <report dir>/<run id>.json} through Hadoop's FileSystem, as
 * the batch run reports are ({@link AtomicFiles#replace}): a temporary file renamed on file systems
 * with rename, a plain (atomic on completion) upload on S3.
 */
public final class StreamingReportWriter {
  private final Path target;
  private final Configuration hadoopConf;

  public StreamingReportWriter(String location, Configuration hadoopConf) {
    this.target = new Path(requireNonNull(location, "location is null"));
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** Where the report goes. */
  public String location() {
    return target.toString();
  }

  /**
   * Replaces the report.
   *
   * @throws UncheckedIOException naming the path when it cannot be written
   */
  public void write(StreamingReport report) {
    requireNonNull(report, "report is null");
    byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFiles.replace(target.getFileSystem(hadoopConf), target, json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write streaming report " + target + ": " + e.getMessage(), e);
    }
  }
}
