package dev.lakeetl.quality.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists and deletes the folders the publish step works on. A missing folder lists as empty, and a
 * delete is checked: a FileSystem may answer a failed delete with {@code false} instead of an
 * exception.
 */
final class Folders {
  private Folders() {}

  /** Which files of a folder {@link #files} lists. */
  enum Listing {
    /** Every file below the folder, by path relative to it: a partition folder moved whole. */
    ALL_FILES,
    /**
     * The data files directly in the folder, by name, not its folders or files starting with {@code
     * _} or {@code .}: the root of an unpartitioned table, or a folder appended to.
     */
    DATA_FILES
  }

  /** The files of {@code folder} that {@code listing} names, with their sizes. */
  static Map<String, Long> files(FileSystem fs, Path folder, Listing listing) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    if (listing == Listing.ALL_FILES) {
      eachFile(fs, folder, files::put);
      return files;
    }
    if (!fs.exists(folder)) {
      return files;
    }
    for (FileStatus status : fs.listStatus(folder)) {
      if (status.isFile() && isData(status.getPath())) {
        files.put(status.getPath().getName(), status.getLen());
      }
    }
    return files;
  }

  /**
   * Hands each file below {@code folder} to {@code action}, by its path relative to the folder,
   * with its size, while listing: a whole table is never held in memory.
   */
  static void eachFile(FileSystem fs, Path folder, BiConsumer<String, Long> action)
      throws IOException {
    if (!fs.exists(folder)) {
      return;
    }
    String prefix = fs.makeQualified(folder).toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    RemoteIterator<LocatedFileStatus> statuses = fs.listFiles(folder, true);
    while (statuses.hasNext()) {
      LocatedFileStatus status = statuses.next();
      String path = fs.makeQualified(status.getPath()).toUri().getPath();
      if (!path.startsWith(prefix)) {
        throw new IOException("Cannot list " + folder + ": it lists " + status.getPath());
      }
      action.accept(path.substring(prefix.length()), status.getLen());
    }
  }

  /** The folders directly in {@code root}. */
  static List<Path> subfolders(FileSystem fs, Path root) throws IOException {
    List<Path> folders = new ArrayList<>();
    if (!fs.exists(root)) {
      return folders;
    }
    for (FileStatus status : fs.listStatus(root)) {
      if (status.isDirectory()) {
        folders.add(status.getPath());
      }
    }
    return folders;
  }

  /**
   * Deletes {@code folder} and everything in it, if it exists.
   *
   * @throws IOException when it is still there
   */
  static void delete(FileSystem fs, Path folder) throws IOException {
    if (!fs.delete(folder, true) && fs.exists(folder)) {
      throw new IOException("delete of " + folder + " failed");
    }
  }

  private static boolean isData(Path path) {
    String name = path.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }
}
