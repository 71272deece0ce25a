package dev.lakeetl.streaming;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.streaming.sink.BatchLog;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written by a real query, then damaged: the check names the file and the way out,
 * where Spark itself fails with a bare JSON parse error naming no file.
 */
class CheckpointCheckTest {
  @TempDir Path folder;
  private Path checkpoint;
  private Configuration hadoopConf;

  @BeforeEach
  void runAQuery() throws Exception {
    SparkSession spark = SharedSpark.session();
    hadoopConf = spark.sparkContext().hadoopConfiguration();
    checkpoint = folder.resolve("checkpoint/refined");
    VoidFunction2<Dataset<Row>, Long> nothing = (batch, batchId) -> {};
    StreamingQuery query =
        spark
            .readStream()
            .format("rate")
            .option("rowsPerSecond", 5)
            .load()
            .writeStream()
            .option("checkpointLocation", checkpoint.toString())
            .trigger(Trigger.ProcessingTime(200))
            .foreachBatch(nothing)
            .start();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!Files.exists(checkpoint.resolve("commits/1")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    query.stop();
  }

  @Test
  void anIntactCheckpointPasses() {
    assertThatCode(() -> CheckpointCheck.verify(checkpoint.toString(), hadoopConf))
        .doesNotThrowAnyException();
    assertThatCode(() -> CheckpointCheck.verify(folder.resolve("absent").toString(), hadoopConf))
        .doesNotThrowAnyException();
  }

  @Test
  void aDamagedOffsetsFileIsNamedWithTheWayOut() throws Exception {
    Path latest = latest(checkpoint.resolve("offsets"));
    damage(latest, "v1\n{\"batchWatermarkMs\":0,broken\n");

    assertThatThrownBy(() -> CheckpointCheck.verify(checkpoint.toString(), hadoopConf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("The checkpoint file file:" + latest + " is damaged")
        .hasMessageContaining("line 2 is not JSON")
        .hasMessageContaining("Restore the checkpoint")
        .hasMessageContaining("reset it");
  }

  @Test
  void aTruncatedCommitOrMetadataFileIsNamed() throws Exception {
    Path commit = latest(checkpoint.resolve("commits"));
    damage(commit, "");
    assertThatThrownBy(() -> CheckpointCheck.verify(checkpoint.toString(), hadoopConf))
        .hasMessageContaining(commit.getFileName() + " is damaged")
        .hasMessageContaining("does not start with a version line");

    damage(commit, "v1\n{\"nextBatchWatermarkMs\":0}");
    damage(checkpoint.resolve("metadata"), "{\"id\":");
    assertThatThrownBy(() -> CheckpointCheck.verify(checkpoint.toString(), hadoopConf))
        .hasMessageContaining("metadata is damaged (not JSON");
  }

  @Test
  void aDamagedSinkLogFileIsNamed() throws Exception {
    Path log = Files.createDirectories(checkpoint.resolve("sink"));
    Files.writeString(log.resolve("3.commit"), "refined=12x\n");

    assertThatThrownBy(() -> new BatchLog(log.toString(), hadoopConf).committed(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("The batch log file")
        .hasMessageContaining("3.commit is damaged");
  }

  @Test
  void aFileWhoseChecksumFailsIsNamed() throws Exception {
    Path latest = latest(checkpoint.resolve("offsets"));
    Files.writeString(latest, Files.readString(latest).replace('v', 'w'));

    assertThatThrownBy(() -> CheckpointCheck.verify(checkpoint.toString(), hadoopConf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(latest.getFileName() + " is damaged (its checksum does not match)");
  }

  /** Replaces a file's content as a damaged disk or a partial copy would, checksum included. */
  private static void damage(Path file, String content) throws Exception {
    Files.writeString(file, content);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static Path latest(Path folder) throws Exception {
    try (var files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().matches("\\d+"))
          .max((left, right) -> Long.compare(id(left), id(right)))
          .orElseThrow();
    }
  }

  private static long id(Path file) {
    return Long.parseLong(file.getFileName().toString());
  }
}
