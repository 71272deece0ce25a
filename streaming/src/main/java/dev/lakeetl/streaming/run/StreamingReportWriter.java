package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.report.RunReportWriter;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes the streaming report to {@code <report dir>/<run id>.json} the way the batch run reports
 * are written ({@link RunReportWriter#replace}): a temporary file renamed on file systems with
 * rename, a plain (atomic on completion) upload on S3.
 */
public final class StreamingReportWriter {
  private final String location;
  private final Configuration hadoopConf;

  public StreamingReportWriter(String location, Configuration hadoopConf) {
    // Normalized as Hadoop names the file (the location logged and in the summary line).
    this.location = new Path(requireNonNull(location, "location is null")).toString();
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** Where the report goes. */
  public String location() {
    return location;
  }

  /**
   * Replaces the report.
   *
   * @throws UncheckedIOException naming the path when it cannot be written
   */
  public void write(StreamingReport report) {
    requireNonNull(report, "report is null");
    RunReportWriter.replace(location, report.toJson(), hadoopConf);
  }
}
