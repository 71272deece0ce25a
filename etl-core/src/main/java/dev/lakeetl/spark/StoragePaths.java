package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Maps configured paths to the filesystem that serves them on the current runtime.
 *
 * <p>Specs use {@code s3://} everywhere. Glue and EMR register a filesystem for that scheme
 * (EMRFS), so the path is left alone there. A local run has only Hadoop's S3A connector, so {@code
 * s3://} and the retired {@code s3n://} become {@code s3a://} when no filesystem is registered for
 * them.
 */
public final class StoragePaths {
  private static final String RETIRED_S3N = "org.apache.hadoop.fs.s3native.NativeS3FileSystem";

  private StoragePaths() {}

  /**
   * The path to hand to Spark and Hadoop.
   *
   * @param path a configured path, e.g. {@code s3://bucket/raw/flights}
   * @param hadoopConf the session's Hadoop configuration, which knows the registered filesystems
   */
  public static String resolve(String path, Configuration hadoopConf) {
    requireNonNull(path, "path is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    int colon = path.indexOf("://");
    if (colon <= 0) {
      return path;
    }
    String scheme = path.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("s3") && !scheme.equals("s3n")) {
      return path;
    }
    if (hasFileSystem(scheme, hadoopConf)) {
      return path;
    }
    return "s3a" + path.substring(colon);
  }

  /**
   * {@code path} without trailing slashes ({@link #child} names what is under it): {@code
   * s3://bucket/refined//} becomes {@code s3://bucket/refined}; a lone {@code /} and a bare {@code
   * scheme://} are left as they are.
   */
  public static String withoutTrailingSlash(String path) {
    requireNonNull(path, "path is null");
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/") && !trimmed.endsWith("://")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  /**
   * {@code relative} under {@code folder}, joined by one slash whatever {@code folder} ends with:
   * {@code child("s3://bucket/refined/", "_reports")} is {@code s3://bucket/refined/_reports}.
   */
  public static String child(String folder, String relative) {
    requireNonNull(relative, "relative is null");
    return withoutTrailingSlash(folder) + "/" + relative;
  }

  private static boolean hasFileSystem(String scheme, Configuration hadoopConf) {
    try {
      Class<?> fileSystem = FileSystem.getFileSystemClass(scheme, hadoopConf);
      // Hadoop 3 still registers a stub for s3n that only throws "no longer available".
      return !fileSystem.getName().equals(RETIRED_S3N);
    } catch (IOException notRegistered) {
      // UnsupportedFileSystemException: nothing serves this scheme here.
      return false;
    }
  }
}
