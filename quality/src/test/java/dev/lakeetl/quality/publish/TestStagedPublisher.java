package dev.lakeetl.quality.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStagedPublisher {
  @TempDir Path dir;

  private final StagedPublisher publisher = new StagedPublisher(new Configuration());

  @Test
  void replacesExactlyTheStagedPartitions() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=01/part-a.parquet"), "a");
    write(target.resolve("day=02/part-b.parquet"), "b");
    write(target.resolve("_reports/r0.json"), "report");
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("day=02/part-c.parquet"), "c");
    write(staging.resolve("day=03/part-d.parquet"), "d");
    write(staging.resolve("_SUCCESS"), "");

    publisher.publish(
        staging.toString(),
        target.toString(),
        List.of("day=02", "day=03"),
        WriteMode.OVERWRITE_PARTITIONS);

    assertThat(files(target))
        .containsExactly(
            Map.entry("_reports/r0.json", "report"),
            Map.entry("day=01/part-a.parquet", "a"),
            Map.entry("day=02/part-c.parquet", "c"),
            Map.entry("day=03/part-d.parquet", "d"));
  }

  @Test
  void appendAddsFilesNextToExistingOnes() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=02/part-b.parquet"), "b");
    Path staging = dir.resolve("staging");
    write(staging.resolve("day=02/part-c.parquet"), "c");

    publisher.publish(staging.toString(), target.toString(), List.of("day=02"), WriteMode.APPEND);

    assertThat(files(target))
        .containsExactly(
            Map.entry("day=02/part-b.parquet", "b"), Map.entry("day=02/part-c.parquet", "c"));
    assertThat(staging).doesNotExist();
  }

  @Test
  void unpartitionedOverwriteReplacesDataFilesOnly() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("part-old.parquet"), "old");
    write(target.resolve("_quality/metrics.json"), "[]");
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("part-new.parquet"), "new");

    publisher.publish(
        staging.toString(), target.toString(), List.of(), WriteMode.OVERWRITE_PARTITIONS);

    assertThat(files(target))
        .containsExactly(
            Map.entry("_quality/metrics.json", "[]"), Map.entry("part-new.parquet", "new"));
  }

  @Test
  void unpartitionedOverwriteRestoresTheOldFilesWhenAMoveFails() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("part-old-1.parquet"), "old 1");
    write(target.resolve("part-old-2.parquet"), "old 2");
    Map<String, String> before = files(target);
    Path staging = target.resolve("_staging/r1");
    write(staging.resolve("part-new-1.parquet"), "new 1");
    write(staging.resolve(FailingLocalFileSystem.UNMOVABLE + "-2.parquet"), "new 2");
    Configuration conf = new Configuration();
    conf.setClass("fs.file.impl", FailingLocalFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);

    assertThatThrownBy(
            () ->
                new StagedPublisher(conf)
                    .publish(
                        staging.toString(),
                        target.toString(),
                        List.of(),
                        WriteMode.OVERWRITE_PARTITIONS))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot publish " + staging)
        .hasMessageContaining(FailingLocalFileSystem.UNMOVABLE);

    Map<String, String> after = files(target);
    after.keySet().removeIf(name -> name.startsWith("_staging/"));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void deletesOnlyEmptyFolders() throws IOException {
    Path empty = dir.resolve("table/_staging");
    Files.createDirectories(empty);
    Path used = dir.resolve("other/_staging");
    write(used.resolve("r2/part-a.parquet"), "a");

    publisher.deleteIfEmpty(empty.toString());
    publisher.deleteIfEmpty(used.toString());
    publisher.deleteIfEmpty(dir.resolve("missing").toString());

    assertThat(empty).doesNotExist();
    assertThat(used.resolve("r2/part-a.parquet")).exists();
  }

  /** The local file system, except that a file named {@value #UNMOVABLE}* cannot be renamed. */
  public static final class FailingLocalFileSystem extends LocalFileSystem {
    static final String UNMOVABLE = "part-unmovable";

    @Override
    public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst)
        throws IOException {
      return !src.getName().startsWith(UNMOVABLE) && super.rename(src, dst);
    }
  }

  @Test
  void discardLeavesTheTableAsItWas() throws IOException {
    Path target = dir.resolve("table");
    write(target.resolve("day=01/part-a.parquet"), "a");
    Map<String, String> before = files(target);
    Path staging = dir.resolve("staging/r1");
    write(staging.resolve("day=01/part-z.parquet"), "z");

    publisher.discard(staging.toString());

    assertThat(files(target)).isEqualTo(before);
    assertThat(staging).doesNotExist();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Every file under {@code root} (relative path, content), skipping Hadoop's .crc files. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        if (!path.getFileName().toString().endsWith(".crc")) {
          files.put(root.relativize(path).toString(), Files.readString(path));
        }
      }
    }
    return files;
  }
}
