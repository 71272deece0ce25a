package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's staging folder for one table ({@code <staging root>/<run id>}): the run writes its
 * output there, then either {@link #publish publishes} it into the table ({@link StagedPublisher})
 * or {@link #discard discards} it, so readers of the table never see the output of a run that
 * stopped before publishing.
 */
public final class StagingFolder {
  private static final Logger LOG = LoggerFactory.getLogger(StagingFolder.class);

  private final Configuration hadoopConf;
  private final WriterConfig target;
  private final String folder;
  private final String root;

  /**
   * @param root the folder under which each run stages its output, on the table's file system
   * @param runId names this run's folder
   * @param target where and how the output is published
   */
  public StagingFolder(Configuration hadoopConf, String root, String runId, WriterConfig target) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    requireNonNull(root, "root is null");
    requireNonNull(runId, "runId is null");
    this.target = requireNonNull(target, "target is null");
    this.root = StoragePaths.resolve(root, hadoopConf);
    this.folder = StoragePaths.child(this.root, runId);
  }

  /** This run's folder. */
  public String path() {
    return folder;
  }

  /** Where the run writes: this folder, partitioned as the table, replacing what is there. */
  public WriterConfig writer() {
    return new WriterConfig(
        folder,
        target.partitionBy(),
        target.compression(),
        target.maxRecordsPerFile(),
        WriteMode.OVERWRITE_PARTITIONS);
  }

  /**
   * Deletes this run's folder when it exists before the run writes, left by an earlier attempt with
   * the same run id that was killed (a reused {@code --run-id}), so that none of that attempt's
   * files is audited or published with this run's.
   *
   * @throws IllegalStateException naming the folder when its publish journal is open: the journal
   *     is what the next run needs to finish or undo that publish
   */
  public void clearEarlierAttempt() {
    Path path = new Path(folder);
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      if (!fs.exists(path)) {
        return;
      }
      Path journal = new Path(path, PublishJournal.FILE);
      if (fs.exists(journal)) {
        throw new IllegalStateException(
            "Cannot stage the run in "
                + folder
                + ": an earlier attempt with this run id left its publish journal "
                + journal
                + " open; run the job again so that it finishes or undoes that publish, or give"
                + " this run a new run id");
      }
      Folders.delete(fs, path);
      LOG.warn(
          "Removed {}: staged by an earlier attempt with this run id that did not finish", folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot delete "
              + folder
              + ", staged by an earlier attempt with this run id: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Removes the folders that other runs, killed before they could clean up, left under the staging
   * root: those whose newest file was written before {@code cutoff}.
   */
  public void discardStale(Instant cutoff) {
    requireNonNull(cutoff, "cutoff is null");
    new StagedPublisher(hadoopConf).discardStale(root, folder, cutoff);
  }

  /**
   * Moves what the run staged into the table ({@link StagedPublisher#publish}), then removes the
   * staging root if no other run is using it.
   *
   * @param partitions the partition folders the run wrote, empty for an unpartitioned table
   * @param batch the input the run read; an append replaces what an earlier publish of the same
   *     batch added
   */
  public void publish(List<String> partitions, BatchId batch) {
    requireNonNull(partitions, "partitions is null");
    requireNonNull(batch, "batch is null");
    StagedPublisher publisher = new StagedPublisher(hadoopConf);
    publisher.publish(
        folder, StoragePaths.resolve(target.path(), hadoopConf), partitions, target.mode(), batch);
    publisher.deleteIfEmpty(root);
  }

  /**
   * Finishes or undoes every publish under the staging root that a run left open ({@link
   * StagedPublisher#recover}).
   *
   * @return one line per publish finished or undone
   */
  public List<String> recover() {
    return new StagedPublisher(hadoopConf).recover(root);
  }

  /** Deletes what the run staged; nothing happens when nothing is staged or it was published. */
  public void discard() {
    StagedPublisher publisher = new StagedPublisher(hadoopConf);
    publisher.discard(folder);
    publisher.deleteIfEmpty(root);
  }
}
