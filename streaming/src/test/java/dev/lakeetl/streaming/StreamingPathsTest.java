package dev.lakeetl.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingPathsTest {
  @TempDir Path folder;

  @Test
  void aTableWrittenByTheFileSinkIsRefusedWithWhatToDo() throws Exception {
    Configuration hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
    StreamingPaths paths =
        new StreamingPaths(
            folder.resolve("refined").toString(),
            folder.resolve("quarantine").toString(),
            Optional.empty(),
            folder.resolve("checkpoint").toString(),
            folder.resolve("reports").toString());
    assertThatCode(() -> paths.checkNoFileSinkLog(hadoopConf)).doesNotThrowAnyException();

    Files.createDirectories(folder.resolve("quarantine/_spark_metadata"));

    assertThatThrownBy(() -> paths.checkNoFileSinkLog(hadoopConf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot write to " + folder.resolve("quarantine"))
        .hasMessageContaining("_spark_metadata from an earlier version")
        .hasMessageContaining("Upgrading from the file sink");
  }

  @Test
  void aWindowsTableWrittenByTheFileSinkIsRefusedToo() throws Exception {
    Configuration hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
    StreamingPaths paths = paths(Optional.of(folder.resolve("windows").toString()));
    Files.createDirectories(folder.resolve("windows/_spark_metadata"));

    assertThatThrownBy(() -> paths.checkNoFileSinkLog(hadoopConf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot write to " + folder.resolve("windows"));
  }

  @Test
  void theSinkLogLivesInTheQueryCheckpointAndMovesThereFromBesideIt() throws Exception {
    Configuration hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
    StreamingPaths paths = paths(Optional.empty());
    assertThat(paths.sinkLog()).isEqualTo(folder.resolve("checkpoint/refined/sink").toString());
    Files.createDirectories(folder.resolve("checkpoint/refined/offsets"));
    Files.createDirectories(folder.resolve("checkpoint/sink"));
    Files.writeString(folder.resolve("checkpoint/sink/7.commit"), "refined=1\n");

    paths.moveLegacySinkLog(hadoopConf);

    assertThat(folder.resolve("checkpoint/refined/sink/7.commit")).hasContent("refined=1");
    assertThat(folder.resolve("checkpoint/sink")).doesNotExist();
  }

  @Test
  void aSinkLogBesideAResetQueryCheckpointIsNotUsed() throws Exception {
    Configuration hadoopConf = SharedSpark.session().sparkContext().hadoopConfiguration();
    StreamingPaths paths = paths(Optional.empty());
    Files.createDirectories(folder.resolve("checkpoint/sink"));
    Files.writeString(folder.resolve("checkpoint/sink/7.commit"), "refined=1\n");

    paths.moveLegacySinkLog(hadoopConf);

    assertThat(folder.resolve("checkpoint/refined/sink")).doesNotExist();
    assertThat(folder.resolve("checkpoint/sink/7.commit")).exists();
  }

  private StreamingPaths paths(Optional<String> windows) {
    return new StreamingPaths(
        folder.resolve("refined").toString(),
        folder.resolve("quarantine").toString(),
        windows,
        folder.resolve("checkpoint").toString(),
        folder.resolve("reports").toString());
  }
}
