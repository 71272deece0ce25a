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
  void mapsEveryPermissionBit() {
    assertThat(
            PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0751))))
        .isEqualTo("rwxr-x--x");
  }
}
