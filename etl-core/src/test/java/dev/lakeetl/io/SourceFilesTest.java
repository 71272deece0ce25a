package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  @Test
  void listsDataFilesRecursivelySkippingHiddenOnes() {
    Sources.write(dir.resolve("a.json"), "{}\n");
    Sources.write(dir.resolve("2024/01/b.json"), "{\"x\": 1}\n");
    Sources.write(dir.resolve("_SUCCESS"), "");
    Sources.write(dir.resolve(".a.json.crc"), "x");
    Sources.write(dir.resolve("_quarantine/c.json"), "{}\n");
    Sources.write(dir.resolve("2024/.hidden/d.json"), "{}\n");

    List<SourceFile> files = SourceFiles.list(spark, Sources.json(true, dir.toString()));

    assertThat(files)
        .extracting(SourceFile::path)
        .containsExactly("file:" + dir.resolve("2024/01/b.json"), "file:" + dir.resolve("a.json"));
    assertThat(files.get(0).size()).isEqualTo(9);
  }

  @Test
  void nonRecursiveListingStaysInTheFolder() {
    Sources.write(dir.resolve("a.json"), "{}\n");
    Sources.write(dir.resolve("sub/b.json"), "{}\n");

    assertThat(SourceFiles.list(spark, Sources.json(false, dir.toString())))
        .extracting(SourceFile::path)
        .containsExactly("file:" + dir.resolve("a.json"));
  }

  @Test
  void aMissingPathIsAClearError() {
    String missing = dir.resolve("raw/x").toString();

    assertThatThrownBy(() -> SourceFiles.list(spark, Sources.json(true, missing)))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessage("Cannot read source: path '" + missing + "' does not exist (source.path)");
  }

  @Test
  void anEmptyFolderHasNoFiles() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    Sources.write(dir.resolve("empty/_SUCCESS"), "");

    assertThat(SourceFiles.list(spark, Sources.json(true, dir.resolve("empty").toString())))
        .isEmpty();
  }

  @Test
  void globsAndExplicitFilesWork() {
    Sources.write(dir.resolve("day=1/a.json"), "{}\n");
    Sources.write(dir.resolve("day=2/b.json"), "{}\n");

    assertThat(SourceFiles.list(spark, Sources.json(true, dir + "/day=*", dir + "/day=1/a.json")))
        .extracting(SourceFile::path)
        .containsExactly(
            "file:" + dir.resolve("day=1/a.json"), "file:" + dir.resolve("day=2/b.json"));
    assertThatThrownBy(() -> SourceFiles.list(spark, Sources.json(true, dir + "/month=*")))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("matches no file");
  }
}
