package dev.lakeetl.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityConfigTest {
  @Test
  void defaultsSitNextToTheTable() {
    QualityConfig config =
        QualityConfig.from(Settings.of(QualityKeys.SCHEMA, Map.of()), "flights", "s3://lake/t/");

    assertThat(config.enabled()).isFalse();
    assertThat(config.dataset()).isEqualTo("flights");
    assertThat(config.historyPath()).isEqualTo("s3://lake/t/_quality");
    assertThat(config.stagingPath("r1")).isEqualTo("s3://lake/t/_staging/r1");
  }

  @Test
  void combinesNativeAndDqdlRules() {
    Settings settings =
        Settings.of(
            QualityKeys.SCHEMA,
            Map.of(
                "quality.rules.origin.type", "completeness",
                "quality.rules.origin.column", "origin",
                "quality.dqdl", "Rules = [ RowCount > 0 ]",
                "quality.dqdl-severity", "warn",
                "quality.dataset", "refined-flights"));

    QualityConfig config = QualityConfig.from(settings, "job", "/t");

    assertThat(config.rules().rules())
        .extracting(rule -> rule.name())
        .containsExactly("origin", "RowCount > 0");
    assertThat(config.rules().rules().get(1).severity()).isEqualTo(Severity.WARN);
    assertThat(config.dataset()).isEqualTo("refined-flights");
  }

  @Test
  void disabledIgnoresTheRules() {
    Settings settings =
        Settings.of(
            QualityKeys.SCHEMA,
            Map.of(
                "quality.enabled", "false",
                "quality.rules.origin.type", "completeness",
                "quality.rules.origin.column", "origin"));

    assertThat(QualityConfig.from(settings, "job", "/t").enabled()).isFalse();
  }

  @Test
  void problemsNameTheirKeys() {
    Settings settings =
        Settings.of(
            QualityKeys.SCHEMA,
            Map.of(
                "quality.rules.origin.type", "completeness",
                "quality.dqdl", "Rules = [ Entropy \"a\" > 1 ]"));
    assertThatThrownBy(() -> QualityConfig.from(settings, "job", "/t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "quality.rules.origin.column: missing required attribute (The column the rule"
                + " checks)");
    Settings dqdl =
        Settings.of(QualityKeys.SCHEMA, Map.of("quality.dqdl", "Rules = [ Entropy \"a\" > 1 ]"));
    assertThatThrownBy(() -> QualityConfig.from(dqdl, "job", "/t"))
        .hasMessageContaining("quality.dqdl: Cannot use DQDL rule 1 'Entropy \"a\" > 1'");
  }

  @Test
  void yamlListItemsKeepTheirCommas(@TempDir Path dir) throws IOException {
    Path yaml = dir.resolve("job.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "quality:",
            "  rules:",
            "    city-known:",
            "      type: allowed-values",
            "      column: city",
            "      values: [\"Washington, D.C.\", Boston, 'say \"hi\"']",
            ""));
    Settings settings =
        ConfigLoader.load(
            JobArguments.parse("--config", yaml.toString()), QualityKeys.SCHEMA, Map.of());

    QualityConfig config = QualityConfig.from(settings, "job", "/t");

    assertThat(((QualityRule.AllowedValues) config.rules().rules().get(0)).values())
        .containsExactly("Washington, D.C.", "Boston", "say \"hi\"");
  }
}
