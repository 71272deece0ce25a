package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.AtomicFiles;
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
    String directory = reportDir.endsWith("/") ? reportDir : reportDir + "/";
    return directory + runId + ".json";
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
    if (!report.datasets().isEmpty()) {
      return datasetSummaryLine(report);
    }
    RunCounts counts = report.counts();
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Run %s of %s %s: read %,d = written %,d + quarantined %,d + duplicates removed"
                    + " %,d; %,d partitions; %.1f s; report %s",
                report.runId(),
                report.job(),
                report.status(),
                counts.read(),
                counts.written(),
                counts.quarantined(),
                counts.duplicatesRemoved(),
                report.partitionsWritten().size(),
                report.totalMillis() / 1000.0,
                report.outputs().report()));
    report.error().ifPresent(error -> line.append("; error: ").append(error));
    return line.toString();
  }

  /**
   * The summary of a run with named datasets, e.g. {@code Run 20261123T170102Z-3f9a1c of
   * flights-refined-to-curated SUCCEEDED: read flights 10,000, airports 3,376; wrote
   * route_daily_delays 9,722 (90 partitions); 20.4 s; report out/curated/_reports/....json}.
   */
  private static String datasetSummaryLine(RunReport report) {
    List<String> read = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (DatasetCounts dataset : report.datasets()) {
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
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Run %s of %s %s: read %s; wrote %s; %.1f s; report %s",
                report.runId(),
                report.job(),
                report.status(),
                read.isEmpty() ? "nothing" : String.join(", ", read),
                written.isEmpty() ? "nothing" : String.join(", ", written),
                report.totalMillis() / 1000.0,
                report.outputs().report()));
    report.error().ifPresent(error -> line.append("; error: ").append(error));
    return line.toString();
  }
}
