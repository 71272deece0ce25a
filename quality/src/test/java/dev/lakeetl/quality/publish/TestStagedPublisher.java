package dev.lakeetl.quality.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
  void staleStagingFoldersOfOtherRunsAreRemovedAndTheRestKept() throws IOException {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    Path root = dir.resolve("table/_staging");
    Path killed = write(root.resolve("r-killed/day=01/part-a.parquet"), "a");
    Path recent = write(root.resolve("r-recent/day=01/part-b.parquet"), "b");
    // An old file, but a newer one beside it: the run was still writing.
    Path mixedOld = write(root.resolve("r-running/day=01/part-c.parquet"), "c");
    Path mixedNew = write(root.resolve("r-running/day=02/part-d.parquet"), "d");
    Path current = write(root.resolve("r-current/day=01/part-e.parquet"), "e");
    // Empty: maybe a run that is just starting; harmless either way.
    Files.createDirectories(root.resolve("r-empty"));
    age(killed, now.minus(Duration.ofHours(30)));
    age(recent, now.minus(Duration.ofHours(2)));
    age(mixedOld, now.minus(Duration.ofHours(30)));
    age(mixedNew, now.minus(Duration.ofMinutes(5)));
    age(current, now.minus(Duration.ofHours(30)));

    List<String> removed =
        publisher.discardStale(
            root.toString(), root.resolve("r-current").toString(), now.minus(Duration.ofHours(24)));

    assertThat(removed)
        .extracting(path -> path.substring(path.lastIndexOf('/') + 1))
        .containsExactly("r-killed");
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("r-recent", "r-running", "r-current", "r-empty");
    }
    assertThat(publisher.discardStale(dir.resolve("none").toString(), "x", now)).isEmpty();
  }

  private static void age(Path file, Instant time) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

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

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
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
