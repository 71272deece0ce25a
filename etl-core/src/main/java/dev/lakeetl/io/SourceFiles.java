package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the data files of a source through Hadoop's FileSystem API.
 *
 * <p>Files and folders whose name starts with {@code _} or {@code .} are skipped below a source
 * folder (Spark's {@code _SUCCESS}, {@code _temporary}, checksum files, our own {@code _quarantine}
 * and {@code _reports}); a file named directly in {@code source.path} is always read. Paths may be
 * Hadoop glob patterns.
 */
public final class SourceFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);

  private SourceFiles() {}

  /**
   * The data files under every configured path, in path order, without duplicates.
   *
   * @return an empty list when the paths exist but hold no data files
   * @throws SourceNotFoundException when a path does not exist or a pattern matches nothing
   */
  public static List<SourceFile> list(SparkSession spark, SourceConfig source) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    Map<String, SourceFile> files = new LinkedHashMap<>();
    for (String configured : source.paths()) {
      String resolved = StoragePaths.resolve(configured, hadoopConf);
      try {
        for (SourceFile file : listPath(resolved, source.recursive(), hadoopConf)) {
          files.putIfAbsent(file.path(), file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read source: listing '" + resolved + "' failed (source.path): " + e, e);
      }
    }
    List<SourceFile> result = List.copyOf(files.values());
    long bytes = result.stream().mapToLong(SourceFile::size).sum();
    LOG.info("Found {} source files ({} bytes) under {}", result.size(), bytes, source.paths());
    return result;
  }

  private static List<SourceFile> listPath(String resolved, boolean recursive, Configuration conf)
      throws IOException {
    Path path = new Path(resolved);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      String reason = isPattern(resolved) ? "matches no file" : "does not exist";
      throw new SourceNotFoundException(
          resolved, "Cannot read source: path '" + resolved + "' " + reason + " (source.path)");
    }
    List<SourceFile> files = new ArrayList<>();
    for (FileStatus match : matches) {
      if (match.isFile()) {
        files.add(
            new SourceFile(
                match.getPath().toString(), match.getLen(), match.getModificationTime()));
        continue;
      }
      Path root = match.getPath();
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, recursive);
      while (listing.hasNext()) {
        LocatedFileStatus status = listing.next();
        if (status.isFile() && !isHidden(root, status.getPath())) {
          files.add(
              new SourceFile(
                  status.getPath().toString(), status.getLen(), status.getModificationTime()));
        }
      }
    }
    files.sort(Comparator.comparing(SourceFile::path));
    return files;
  }

  /** Whether the file, or any folder between the source folder and it, is hidden. */
  static boolean isHidden(Path root, Path file) {
    int rootDepth = root.depth();
    for (Path current = file;
        current != null && current.depth() > rootDepth;
        current = current.getParent()) {
      String name = current.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPattern(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }
}
