package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the streaming report to {@code <report dir>/<run id>.json} through Hadoop's FileSystem, as
 * the batch run reports are: a temporary file renamed on file systems with rename, a plain (atomic
 * on completion) upload on S3.
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
      FileSystem fileSystem = target.getFileSystem(hadoopConf);
      String scheme = fileSystem.getUri().getScheme();
      if (scheme != null && scheme.toLowerCase(Locale.ROOT).startsWith("s3")) {
        writeFile(fileSystem, target, json);
        return;
      }
      Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
      writeFile(fileSystem, temporary, json);
      if (fileSystem.exists(target) && !fileSystem.delete(target, false)) {
        throw new IOException("could not replace the existing report");
      }
      if (!fileSystem.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target.getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write streaming report " + target + ": " + e.getMessage(), e);
    }
  }

  private static void writeFile(FileSystem fileSystem, Path path, byte[] content)
      throws IOException {
    try (OutputStream out = fileSystem.create(path, true)) {
      out.write(content);
    }
  }
}
