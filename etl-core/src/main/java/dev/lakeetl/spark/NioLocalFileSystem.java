package dev.lakeetl.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system for local runs: Hadoop's raw local file system, but setting and reading
 * permissions through {@code java.nio} instead of forking a {@code chmod} or {@code ls} process.
 *
 * <p>Without Hadoop's native library (never present in a Maven-built classpath), every file and
 * folder Spark creates locally costs a {@code chmod} child process, twice per file with the
 * checksummed default file system. On the 3M-row benchmark those forks were 16% of the task
 * threads' samples. Reading a listed file's permission, owner or group (which a recursive {@code
 * listFiles} does for every file) forks an {@code ls} process, about 3 ms a file. It is still a
 * {@link LocalFileSystem} (S3A's disk buffers cast to one), but writes no {@code .crc} side files,
 * so local output looks like S3 output.
 *
 * <p>Hadoop loads {@code fs.file.impl} by name through whatever class loader a configuration
 * carries, and some (S3A's upload buffers) do not see jars Spark adds at run time. The class is
 * only used when the JVM's own class path holds it ({@code bin/etl-submit} puts the job jar there);
 * otherwise Hadoop's default stays.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

  /** Hadoop's LocalFileSystem (which S3A's buffers cast to) over the NIO raw file system. */
  public NioLocalFileSystem() {
    super(new NioRawLocalFileSystem());
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    // Local output without .crc side files, as it would look on S3.
    setWriteChecksum(false);
  }

  /** Whether the system class loader, parent of every other, can load this class. */
  static boolean visibleToEveryClassLoader() {
    try {
      Class.forName(NioLocalFileSystem.class.getName(), false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Hadoop's raw local file system, setting and reading permissions without a child process. */
  static final class NioRawLocalFileSystem extends RawLocalFileSystem {
    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
      return withPosixAttributes(super.getFileStatus(path));
    }

    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
      FileStatus[] statuses = super.listStatus(path);
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] = withPosixAttributes(statuses[i]);
      }
      return statuses;
    }

    /**
     * The status with its permission, owner and group read now through {@code java.nio}; Hadoop's
     * own status reads them on first use by running {@code ls}.
     */
    private FileStatus withPosixAttributes(FileStatus status) throws IOException {
      if (status.isSymlink()) {
        return status;
      }
      PosixFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(
                pathToFile(status.getPath()).toPath(),
                PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): Hadoop's own way.
        return status;
      }
      return new FileStatus(
          status.getLen(),
          status.isDirectory(),
          status.getReplication(),
          status.getBlockSize(),
          status.getModificationTime(),
          status.getAccessTime(),
          permission(attributes.permissions()),
          attributes.owner().getName(),
          attributes.group().getName(),
          status.getPath());
    }

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
  }

  static FsPermission permission(Set<PosixFilePermission> posix) {
    return new FsPermission(
        action(
            posix,
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE),
        action(
            posix,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE),
        action(
            posix,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE));
  }

  private static FsAction action(
      Set<PosixFilePermission> posix,
      PosixFilePermission read,
      PosixFilePermission write,
      PosixFilePermission execute) {
    FsAction action = FsAction.NONE;
    if (posix.contains(read)) {
      action = action.or(FsAction.READ);
    }
    if (posix.contains(write)) {
      action = action.or(FsAction.WRITE);
    }
    if (posix.contains(execute)) {
      action = action.or(FsAction.EXECUTE);
    }
    return action;
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
