package dev.lakeetl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path folder;

  @Test
  void setsPermissionsWithoutChecksumFiles() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.set("fs.file.impl.disable.cache", "true");
    Path file = new Path(folder.toUri().toString(), "year=2001/month=01/part-0.parquet");
    try (FileSystem fileSystem = FileSystem.get(file.toUri(), conf)) {
      assertThat(fileSystem).isInstanceOf(NioLocalFileSystem.class);
      // What S3A's disk buffers ask for: a LocalFileSystem.
      assertThat(FileSystem.getLocal(conf)).isInstanceOf(NioLocalFileSystem.class);
      try (OutputStream out = fileSystem.create(file)) {
        out.write("data".getBytes(StandardCharsets.UTF_8));
      }
      fileSystem.setPermission(file, new FsPermission((short) 0640));
    }

    java.nio.file.Path written = folder.resolve("year=2001/month=01/part-0.parquet");
    assertThat(Files.readString(written)).isEqualTo("data");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
        .isEqualTo("rw-r-----");
    try (java.util.stream.Stream<java.nio.file.Path> listing = Files.list(written.getParent())) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .containsExactly("part-0.parquet");
    }
  }

  @Test
  void readsPermissionsOwnerAndGroupAsTheFileSystemHasThem() throws Exception {
    java.nio.file.Path data = folder.resolve("day=01/part-0.parquet");
    Files.createDirectories(data.getParent());
    Files.writeString(data, "data");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r-----"));
    java.nio.file.attribute.PosixFileAttributes expected =
        Files.readAttributes(data, java.nio.file.attribute.PosixFileAttributes.class);
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.set("fs.file.impl.disable.cache", "true");
    Path root = new Path(folder.toUri().toString());
    try (FileSystem fileSystem = FileSystem.get(root.toUri(), conf)) {
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files =
          fileSystem.listFiles(root, true);
      org.apache.hadoop.fs.LocatedFileStatus listed = files.next();
      assertThat(files.hasNext()).isFalse();
      org.apache.hadoop.fs.FileStatus folderStatus =
          fileSystem.getFileStatus(new Path(root, "day=01"));

      assertThat(listed.getPath().getName()).isEqualTo("part-0.parquet");
      assertThat(listed.getLen()).isEqualTo(4);
      assertThat(listed.getPermission()).isEqualTo(new FsPermission((short) 0640));
      assertThat(listed.getOwner()).isEqualTo(expected.owner().getName());
      assertThat(listed.getGroup()).isEqualTo(expected.group().getName());
      assertThat(folderStatus.isDirectory()).isTrue();
      assertThat(folderStatus.getPermission())
          .isEqualTo(
              NioLocalFileSystem.permission(Files.getPosixFilePermissions(data.getParent())));
    }
  }

  @Test
  void mapsEveryPermissionBitBothWays() {
    assertThat(NioLocalFileSystem.permission(PosixFilePermissions.fromString("rwxr-x--x")))
        .isEqualTo(new FsPermission((short) 0751));
  }

  @Test
  void mapsEveryPermissionBit() {
    assertThat(
            PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0751))))
        .isEqualTo("rwxr-x--x");
  }
}
