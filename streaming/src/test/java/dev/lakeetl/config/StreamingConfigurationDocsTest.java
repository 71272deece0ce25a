package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.streaming.StreamingKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the streaming key table in docs/configuration.md identical to {@link StreamingKeys}. */
class StreamingConfigurationDocsTest {
  @Test
  void docsListEveryStreamingKey() throws IOException {
    String docs =
        Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);

    assertThat(docs)
        .as("docs/configuration.md must contain this table (regenerate it from StreamingKeys.OWN)")
        .contains(ConfigurationDocsTest.table(StreamingKeys.OWN));
  }
}
