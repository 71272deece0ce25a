package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.quality.publish.SparkWriteLeftovers;
import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's quarantine folder, published with the run's output. The run writes its quarantine to
 * {@code <quarantine root>/_unpublished/run_id=<run id>/}; once its output is in the table the
 * folder moves to {@code <quarantine root>/run_id=<run id>/}, where readers of the quarantine look.
 * A run that fails or is killed before it publishes leaves its quarantine under {@code
 * _unpublished}, which readers of the quarantine root skip (a leading {@code _}): a retry under a
 * new run id that publishes the same input adds the only visible copy of its records.
 */
public final class QuarantineFolder {
  /** Where runs write their quarantine before their output is published, under the root. */
  public static final String UNPUBLISHED = "_unpublished";

  /**
   * The column the folder of a run gives its records: readers of the quarantine root see it as a
   * partition column, so the files do not hold it.
   */
  public static final String RUN_ID = "run_id";

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineFolder.class);

  private final Configuration hadoopConf;
  private final String root;
  private final String unpublished;
  private final String published;

  /**
   * @param root the quarantine root ({@code quarantine.path})
   * @param runId the run whose folder this is
   */
  public QuarantineFolder(Configuration hadoopConf, String root, String runId) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    requireNonNull(root, "root is null");
    requireNonNull(runId, "runId is null");
    String base = StoragePaths.withoutTrailingSlash(StoragePaths.resolve(root, hadoopConf));
    String folder = RUN_ID + "=" + runId;
    this.root = base;
    this.unpublished = base + "/" + UNPUBLISHED + "/" + folder;
    this.published = base + "/" + folder;
  }

  /** Where the run's quarantine is until its output is published, and stays if it never is. */
  public String unpublished() {
    return unpublished;
  }

  /** Where the run's quarantine is once its output is published. */
  public String published() {
    return published;
  }

  /**
   * Deletes what an earlier attempt with the same run id left unpublished, so that only this run's
   * records can be published with its output.
   */
  public void clearUnpublished() {
    Path folder = new Path(unpublished);
    try {
      FileSystem fs = folder.getFileSystem(hadoopConf);
      if (fs.exists(folder)) {
        delete(fs, folder);
        LOG.warn(
            "Removed {}: the unpublished quarantine of an earlier attempt with this run id",
            unpublished);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + unpublished + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes what killed Spark writes left directly in the quarantine root, where runs wrote their
   * quarantine before it was published with their output ({@link SparkWriteLeftovers}). Call it
   * holding the table's lease.
   */
  public void removeKilledWrites() {
    new SparkWriteLeftovers(hadoopConf).remove(root);
  }

  /**
   * Writes the quarantine records (with a {@value #RUN_ID} column) to {@link #unpublished()},
   * replacing what is there, with the compression and file size of the output they belong to. The
   * folder name holds the run id, so the files do not: reading the quarantine root gives the
   * {@value #RUN_ID} column, as a partition.
   *
   * @param output the output the records were left out of
   */
  public WriteResult write(Dataset<Row> records, WriterConfig output) {
    requireNonNull(records, "records is null");
    requireNonNull(output, "output is null");
    // Unpartitioned: the overwrite replaces this one folder, a killed earlier write included.
    WriterConfig target =
        new WriterConfig(
            unpublished,
            List.of(),
            output.compression(),
            output.maxRecordsPerFile(),
            WriteMode.OVERWRITE_PARTITIONS);
    return new PartitionedParquetWriter().write(records.drop(RUN_ID), target);
  }

  /**
   * Checks that {@link #write} wrote exactly the rows the run counted as quarantined.
   *
   * @param subject the quarantine as the error names it, e.g. {@code the quarantine of output.x}
   * @param counted how the run counted them, e.g. {@code broke a quarantine rule}
   * @throws IllegalStateException when it wrote another number; the run must not publish
   */
  public void checkWritten(WriteResult written, long expected, String subject, String counted) {
    requireNonNull(written, "written is null");
    if (written.rowsWritten() != expected) {
      throw new IllegalStateException(
          "Cannot reconcile "
              + subject
              + ": "
              + expected
              + " rows "
              + counted
              + " but "
              + written.rowsWritten()
              + " were written to "
              + unpublished);
    }
  }

  /**
   * Publishes the quarantine: replaces {@link #published()} with {@link #unpublished()}, or deletes
   * it when this run quarantined nothing (a folder of an earlier attempt with the same run id,
   * whose output this run's replaced).
   *
   * @throws UncheckedIOException naming the folder that could not be moved or deleted
   */
  public void publish() {
    Path from = new Path(unpublished);
    Path to = new Path(published);
    try {
      FileSystem fs = to.getFileSystem(hadoopConf);
      if (fs.exists(to)) {
        delete(fs, to);
      }
      if (!fs.exists(from)) {
        return;
      }
      fs.mkdirs(to.getParent());
      if (!fs.rename(from, to)) {
        throw new IOException("rename of " + from + " to " + to + " failed");
      }
      LOG.info("Published the quarantine {} to {}", unpublished, published);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot publish the quarantine "
              + unpublished
              + " to "
              + published
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static void delete(FileSystem fs, Path folder) throws IOException {
    if (!fs.delete(folder, true) && fs.exists(folder)) {
      throw new IOException("delete of " + folder + " failed");
    }
  }
}
