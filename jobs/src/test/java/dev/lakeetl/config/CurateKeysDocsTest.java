package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.jobs.curate.CurateKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the refined-to-curated key table in docs/configuration.md identical to CurateKeys. */
class CurateKeysDocsTest {
  @Test
  void docsListEveryRefinedToCuratedKey() throws IOException {
    String expected =
        ConfigurationDocsTest.table(
            ConfigSchema.of(
                CurateKeys.INPUT,
                CurateKeys.TRANSFORMS,
                CurateKeys.TRANSFORM,
                CurateKeys.OUTPUT,
                CurateKeys.REPORT_PATH));
    String docs =
        Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);

    assertThat(docs)
        .as("docs/configuration.md must contain this table (regenerate it from CurateKeys)")
        .contains(expected);
  }
}
