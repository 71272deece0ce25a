package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes run reports as {@code <report dir>/<run id>.json} through Hadoop's FileSystem, so the same
 * code writes to a local folder and to S3 (s3a).
 */
public final class RunReportWriter {
  private RunReportWriter() {}

  /** Where the report of a run goes: {@code <reportDir>/<runId>.json}. */
  public static String location(String reportDir, String runId) {
    requireNonNull(reportDir, "reportDir is null");
    requireNonNull(runId, "runId is null");
    return StoragePaths.child(reportDir, runId + ".json");
  }

  /**
   * Writes the report to {@code report.outputs().report()}, replacing an earlier report of the same
   * run ({@link #replace}).
   *
   * @return the path written
   * @throws UncheckedIOException naming the path when the report cannot be written
   */
  public static String write(RunReport report, Configuration hadoopConf) {
    requireNonNull(report, "report is null");
    String location = report.outputs().report();
    replace(location, RunReportJson.toJson(report), hadoopConf);
    return location;
  }

  /**
   * Writes a run report's JSON, batch or streaming, to {@code location}, replacing an earlier
   * version. On file systems with rename (local, HDFS) the JSON is written to a hidden temporary
   * file first and renamed, so readers never see half a report; on object stores (s3a) the upload
   * only becomes visible when complete anyway ({@link AtomicFiles#replace}).
   *
   * @throws UncheckedIOException naming the path when the report cannot be written
   */
  public static void replace(String location, String json, Configuration hadoopConf) {
    requireNonNull(location, "location is null");
    requireNonNull(json, "json is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    Path target = new Path(location);
    try {
      AtomicFiles.replace(
          target.getFileSystem(hadoopConf), target, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write run report " + target + ": " + e.getMessage(), e);
    }
  }

  /** Reads a report written by {@link #write}. */
  public static RunReport read(String path, Configuration hadoopConf) {
    requireNonNull(path, "path is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    Path source = new Path(path);
    try (InputStream in = source.getFileSystem(hadoopConf).open(source)) {
      return RunReportJson.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read run report " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * One line for the log, e.g. {@code Run 20261123T160102Z-3f9a1c of flights-raw-to-refined
   * SUCCEEDED: read 10,012 = written 10,000 + quarantined 7 + duplicates removed 5; 90 partitions;
   * 14.2 s; report out/refined/flights/_reports/20261123T160102Z-3f9a1c.json}.
   */
  public static String summaryLine(RunReport report) {
    requireNonNull(report, "report is null");
    String activity;
    if (report.datasets().isEmpty()) {
      RunCounts counts = report.counts();
      activity =
          String.format(
              Locale.ROOT,
              "read %,d = written %,d + quarantined %,d + duplicates removed %,d; %,d partitions",
              counts.read(),
              counts.written(),
              counts.quarantined(),
              counts.duplicatesRemoved(),
              report.partitionsWritten().size());
    } else {
      activity = datasetActivity(report.datasets());
    }
    return report.header().summaryLine(activity, report.total(), report.outputs().report());
  }

  /**
   * What a run with named datasets read and wrote, e.g. {@code read flights 10,000, airports 3,376;
   * wrote route_daily_delays 9,722 (90 partitions)}.
   */
  private static String datasetActivity(List<DatasetCounts> datasets) {
    List<String> read = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (DatasetCounts dataset : datasets) {
      if (dataset.role() == DatasetCounts.Role.INPUT) {
        read.add(String.format(Locale.ROOT, "%s %,d", dataset.name(), dataset.rows()));
      } else {
        written.add(
            String.format(
                Locale.ROOT,
                "%s %,d (%,d partitions)",
                dataset.name(),
                dataset.rows(),
                dataset.partitions().size()));
      }
    }
    return "read "
        + (read.isEmpty() ? "nothing" : String.join(", ", read))
        + "; wrote "
        + (written.isEmpty() ? "nothing" : String.join(", ", written));
  }
}
