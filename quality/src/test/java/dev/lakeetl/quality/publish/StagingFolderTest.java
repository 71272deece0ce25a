package dev.lakeetl.quality.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose staging folder already exists: left by an earlier attempt with its run id. */
class StagingFolderTest {
  @TempDir Path dir;

  private StagingFolder folder(String runId) {
    return new StagingFolder(
        new Configuration(),
        dir.resolve("table/_staging").toString(),
        runId,
        new WriterConfig(
            dir.resolve("table").toString(),
            List.of("day"),
            "snappy",
            1000,
            WriteMode.OVERWRITE_PARTITIONS));
  }

  @Test
  void anEarlierAttemptsStagedFilesAreDeletedAndOtherRunsKept() throws IOException {
    Path killed = write(dir.resolve("table/_staging/r1/day=02/part-a.parquet"), "a");
    Path other = write(dir.resolve("table/_staging/r2/day=03/part-b.parquet"), "b");

    folder("r1").clearEarlierAttempt();

    assertThat(killed.getParent().getParent()).doesNotExist();
    assertThat(other).hasContent("b");
  }

  @Test
  void nothingStagedIsNothingToDo() {
    folder("r1").clearEarlierAttempt();

    assertThat(dir.resolve("table")).doesNotExist();
  }

  @Test
  void anOpenPublishJournalIsKeptAndTheRunRefused() throws IOException {
    Path journal = write(dir.resolve("table/_staging/r1/_publish.json"), "{}");
    Path staged = write(dir.resolve("table/_staging/r1/day=02/part-a.parquet"), "a");

    assertThatThrownBy(() -> folder("r1").clearEarlierAttempt())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot stage the run in "
                + dir.resolve("table/_staging/r1")
                + ": an earlier attempt with this run id left its publish journal "
                + dir.resolve("table/_staging/r1/_publish.json")
                + " open; run the job again so that it finishes or undoes that publish, or give"
                + " this run a new run id");
    assertThat(journal).hasContent("{}");
    assertThat(staged).hasContent("a");
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
