package dev.lakeetl.testing;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts {@link FaultyFileSystem} in front of the local file system of in-process job runs, and takes
 * it away after each test.
 *
 * <p>A job run with these arguments sets {@code fs.file.impl} in the shared session's Hadoop
 * configuration; after each test the value from before is restored (unset if there was none) and
 * {@link FaultyFileSystem} is reset. Register it on an instance field with
 * {@code @RegisterExtension}.
 */
public final class FaultyLocalFiles implements AfterEachCallback {
  private boolean remembered;
  private String fileImpl;

  /**
   * Remembers the session's {@code fs.file.impl} before a run replaces it; only the first call of a
   * test counts.
   */
  public void remember() {
    if (!remembered) {
      fileImpl = conf().get("fs.file.impl");
      remembered = true;
    }
  }

  /** Job arguments that put {@link FaultyFileSystem} in front of the local file system. */
  public String[] jobArguments() {
    remember();
    return new String[] {
      "--spark.conf.spark.hadoop.fs.file.impl",
      FaultyFileSystem.class.getName(),
      "--spark.conf.spark.hadoop." + FaultyFileSystem.INNER_IMPL,
      fileImpl == null ? "org.apache.hadoop.fs.LocalFileSystem" : fileImpl
    };
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FaultyFileSystem.reset();
    Configuration conf = conf();
    if (fileImpl == null) {
      conf.unset("fs.file.impl");
    } else {
      conf.set("fs.file.impl", fileImpl);
    }
    remembered = false;
    fileImpl = null;
  }

  private static Configuration conf() {
    return SharedSpark.session().sparkContext().hadoopConfiguration();
  }
}
