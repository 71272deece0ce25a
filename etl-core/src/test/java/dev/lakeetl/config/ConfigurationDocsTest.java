package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.notify.NotifyKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** Keeps the key table in docs/configuration.md identical to {@link CoreKeys}. */
class ConfigurationDocsTest {
  private static final Path DOCS = Path.of("..", "docs", "configuration.md");

  /** The markdown table documenting every key of {@code schema}. */
  static String table(ConfigSchema schema) {
    StringJoiner table = new StringJoiner("\n", "", "\n");
    table.add("| Key | Type | Default | Description |");
    table.add("|---|---|---|---|");
    for (ConfigKey<?> key : schema.keys()) {
      String name = key.isMap() ? key.name() + ".*" : key.name();
      String type = key.typeName() + (key.isSecret() ? ", secret" : "");
      String defaultValue;
      if (key.isRequired()) {
        defaultValue = "required";
      } else if (key.isMap()) {
        defaultValue = "empty";
      } else {
        defaultValue =
            key.defaultValue().map(value -> "`" + key.format(value) + "`").orElse("unset");
      }
      table.add(
          "| `"
              + name
              + "` | "
              + type.replace("|", "\\|")
              + " | "
              + defaultValue.replace("|", "\\|")
              + " | "
              + key.description().replace("|", "\\|")
              + " |");
    }
    return table.toString();
  }

  @Test
  void docsListEveryCoreKey() throws IOException {
    String expected = table(CoreKeys.SCHEMA);
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    assertThat(docs)
        .as("docs/configuration.md must contain this table (regenerate it from CoreKeys)")
        .contains(expected);
  }

  @Test
  void docsListEveryNotifyKey() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    assertThat(docs)
        .as("docs/configuration.md must contain this table (regenerate it from NotifyKeys)")
        .contains(table(NotifyKeys.SCHEMA));
  }
}
