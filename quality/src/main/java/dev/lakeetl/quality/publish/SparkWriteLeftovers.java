package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the {@code .spark-staging-<job id>} folders that a Spark write with dynamic partition
 * overwrite leaves in its output folder when its process is killed before the write commits (a
 * failed write deletes its own). Readers skip them (a leading {@code .}), but they keep every file
 * the killed write had written. Call it only while no Spark write into the folder can be running:
 * holding the table's lease.
 */
public final class SparkWriteLeftovers {
  static final String PREFIX = ".spark-staging-";

  private static final Logger LOG = LoggerFactory.getLogger(SparkWriteLeftovers.class);

  private final Configuration hadoopConf;

  public SparkWriteLeftovers(Configuration hadoopConf) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /**
   * Deletes every {@code .spark-staging-*} folder directly in {@code folder}, logging one line
   * each.
   *
   * @return the folders deleted
   * @throws UncheckedIOException naming the folder that cannot be listed or deleted
   */
  public List<String> remove(String folder) {
    requireNonNull(folder, "folder is null");
    Path root = new Path(folder);
    List<String> removed = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      for (Path path : Folders.subfolders(fs, root)) {
        if (path.getName().startsWith(PREFIX)) {
          Folders.delete(fs, path);
          removed.add(path.toString());
          LOG.warn("Removed {}: left in {} by a Spark write that was killed", path, folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot remove what killed Spark writes left in " + folder + ": " + e.getMessage(), e);
    }
    return removed;
  }
}
