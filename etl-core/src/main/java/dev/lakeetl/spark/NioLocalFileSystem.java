package dev.lakeetl.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system for local runs: Hadoop's raw local file system, but setting permissions
 * through {@code java.nio} instead of forking a {@code chmod} process.
 *
 * <p>Without Hadoop's native library (never present in a Maven-built classpath), every file and
 * folder Spark creates locally costs a {@code chmod} child process, twice per file with the
 * checksummed default file system. On the 3M-row benchmark those forks were 16% of the task
 * threads' samples. This class writes no {@code .crc} side files either, so local output looks like
 * S3 output.
 */
public final class NioLocalFileSystem extends RawLocalFileSystem {

  @Override
  public void setPermission(Path path, FsPermission permission) throws IOException {
    java.nio.file.Path file = pathToFile(path).toPath();
    try {
      Files.setPosixFilePermissions(file, posix(permission));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): Hadoop's own way.
      super.setPermission(path, permission);
    }
  }

  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    add(
        result,
        permission.getUserAction(),
        PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(
        result,
        permission.getGroupAction(),
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(
        result,
        permission.getOtherAction(),
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return result;
  }

  private static void add(
      Set<PosixFilePermission> result,
      FsAction action,
      PosixFilePermission read,
      PosixFilePermission write,
      PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      result.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      result.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      result.add(execute);
    }
  }
}
