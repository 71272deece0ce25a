package dev.lakeetl.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.docs.ConfigurationReference.Job;
import dev.lakeetl.docs.ConfigurationReference.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keeps the key reference in docs/configuration.md identical to the key declarations. With {@code
 * -Dlakeetl.docs.write=true} the check rewrites the document instead of failing.
 */
class ConfigurationReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  /** The one command that brings docs/configuration.md up to date; docs/build.md names it too. */
  static final String REGENERATE =
      "./mvnw -pl tests -am test -Dtest=ConfigurationReferenceTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dlakeetl.docs.write=true";

  @Test
  void docsMatchTheKeyDeclarations() throws IOException {
    String docs = Files.readString(DOC, StandardCharsets.UTF_8);
    String generated = ConfigurationReference.regenerate(docs);
    if (generated.equals(docs)) {
      return;
    }
    if (Boolean.getBoolean("lakeetl.docs.write")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
      return;
    }
    String[] docsLines = docs.split("\n", -1);
    String[] generatedLines = generated.split("\n", -1);
    int line = 0;
    while (line < docsLines.length
        && line < generatedLines.length
        && docsLines[line].equals(generatedLines[line])) {
      line++;
    }
    fail(
        "docs/configuration.md does not match the key declarations, first at line "
            + (line + 1)
            + ":\n  docs:      "
            + (line < docsLines.length ? docsLines[line] : "(end of file)")
            + "\n  generated: "
            + (line < generatedLines.length ? generatedLines[line] : "(end of file)")
            + "\nRegenerate it with:\n  "
            + REGENERATE);
  }

  @Test
  void rendersEveryKeyAsAUserWritesIt() {
    ConfigSchema schema =
        ConfigSchema.of(
            ConfigKey.string("x.name").required().description("Name"),
            ConfigKey.duration("x.wait")
                .withDefault(Duration.ofMinutes(4))
                .description("How long; 0s | never"),
            ConfigKey.enumeration("x.unit", TimeUnit.class)
                .withDefault(TimeUnit.MILLISECONDS)
                .description("Unit"),
            ConfigKey.string("x.token").secret().description("Token"),
            ConfigKey.map("x.options").description("Options"));

    assertThat(ConfigurationReference.table(schema))
        .isEqualTo(
            "| Key | Type | Default | Description |\n"
                + "|---|---|---|---|\n"
                + "| `x.name` | string | required | Name |\n"
                + "| `x.wait` | duration | `4m` | How long; 0s \\| never |\n"
                + "| `x.unit` | nanoseconds\\|microseconds\\|milliseconds\\|seconds\\|minutes\\|hours"
                + "\\|days | `milliseconds` | Unit |\n"
                + "| `x.token` | string, secret | unset | Token |\n"
                + "| `x.options.*` | map | empty | Options |\n");
  }

  @Test
  void listsTheKeysEachJobReadsOfEachSection() {
    ConfigKey<String> path = ConfigKey.string("a.path");
    ConfigKey<String> mode = ConfigKey.string("a.mode");
    ConfigKey<Boolean> other = ConfigKey.bool("b.enabled");
    ConfigKey<Boolean> unread = ConfigKey.bool("c.enabled");
    List<Section> sections =
        List.of(
            new Section("A keys", ConfigSchema.of(path, mode)),
            new Section("B keys", ConfigSchema.of(other)),
            new Section("C keys", ConfigSchema.of(unread)));
    List<Job> jobs =
        List.of(
            new Job("one", ConfigSchema.of(path, mode, other)),
            new Job("two", ConfigSchema.of(path)));

    assertThat(ConfigurationReference.keysByJob(sections, jobs))
        .isEqualTo(
            "| Section | one | two |\n"
                + "|---|---|---|\n"
                + "| [A keys](#a-keys) | all | `a.path` |\n"
                + "| [B keys](#b-keys) | all | none |\n");
  }

  @Test
  void refusesAJobKeyNoSectionDocuments() {
    ConfigKey<String> path = ConfigKey.string("a.path");
    // The same name declared again (say, required) is another key and needs a table of its own.
    ConfigKey<String> redeclared = ConfigKey.string("a.path").required();
    List<Section> sections = List.of(new Section("A keys", ConfigSchema.of(path)));

    assertThatThrownBy(
            () ->
                ConfigurationReference.keysByJob(
                    sections, List.of(new Job("one", ConfigSchema.of(redeclared)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one accepts a.path, which no section documents");
  }

  @Test
  void rewritesOnlyTheGeneratedRegions() {
    String document =
        "# Doc\n\nProse.\n\n```\n# not a heading\n```\n\n## A keys\n\nMore prose.\n\n"
            + "<!-- generated: A keys -->\nold table\n<!-- end generated -->\n\nAfter.\n";

    assertThat(ConfigurationReference.replaceRegions(document, Map.of("A keys", "new\ntable\n")))
        .isEqualTo(
            "# Doc\n\nProse.\n\n```\n# not a heading\n```\n\n## A keys\n\nMore prose.\n\n"
                + "<!-- generated: A keys -->\nnew\ntable\n<!-- end generated -->\n\nAfter.\n");
  }

  @Test
  void refusesMissingMisplacedAndUnknownRegions() {
    Map<String, String> regions = Map.of("A keys", "table\n");

    assertThatThrownBy(() -> ConfigurationReference.replaceRegions("## A keys\n", regions))
        .hasMessageContaining("no region for [A keys]");
    assertThatThrownBy(
            () ->
                ConfigurationReference.replaceRegions(
                    "## B keys\n<!-- generated: A keys -->\n<!-- end generated -->\n", regions))
        .hasMessageContaining("must sit under a heading 'A keys', not 'B keys'");
    assertThatThrownBy(
            () ->
                ConfigurationReference.replaceRegions(
                    "## C keys\n<!-- generated: C keys -->\n<!-- end generated -->\n", regions))
        .hasMessageContaining("starts region 'C keys', which is none of [A keys]");
    assertThatThrownBy(
            () ->
                ConfigurationReference.replaceRegions(
                    "## A keys\n<!-- generated: A keys -->\ntable\n", regions))
        .hasMessageContaining("has no <!-- end generated -->");
  }
}
