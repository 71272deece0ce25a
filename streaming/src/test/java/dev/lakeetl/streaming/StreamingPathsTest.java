package dev.lakeetl.streaming;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.TestSpark;
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
    Configuration hadoopConf = TestSpark.session().sparkContext().hadoopConfiguration();
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
}
