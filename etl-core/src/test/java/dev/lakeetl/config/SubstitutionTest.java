package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubstitutionTest {
  @TempDir Path directory;

  private Path write(String relative, String... lines) throws IOException {
    Path file = directory.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private Path flightsSpec() throws IOException {
    write("conf/env/dev.yaml", "vars: {lake: s3://acme-dev-lake}");
    write("conf/env/prod.yaml", "vars.lake: s3://acme-lake");
    return write(
        "conf/flights.yaml",
        "job.name: flights",
        "vars:",
        "  lake: s3://unused-default-lake",
        "  refined-root: ${lake}/refined",
        "source.path:",
        "  - ${lake}/raw/flights",
        "  - '${lake}/raw/flights-late'",
        "source.format: json",
        "target.path: ${refined-root}/flights");
  }

  @Test
  void varsFromTheOverlayFeedTheSpec() throws IOException {
    Path spec = flightsSpec();
    Settings dev =
        ConfigLoader.load(
            JobArguments.parse("--config", spec.toString(), "--env", "dev"),
            CoreKeys.SCHEMA,
            Map.of());
    assertThat(dev.get(CoreKeys.SOURCE_PATH))
        .containsExactly("s3://acme-dev-lake/raw/flights", "s3://acme-dev-lake/raw/flights-late");
    assertThat(dev.get(CoreKeys.TARGET_PATH)).isEqualTo("s3://acme-dev-lake/refined/flights");
    assertThat(dev.origin("target.path")).isEqualTo(spec.toString());

    Settings prod =
        ConfigLoader.load(
            JobArguments.parse("--config", spec.toString(), "--env", "prod"),
            CoreKeys.SCHEMA,
            Map.of());
    assertThat(prod.get(CoreKeys.TARGET_PATH)).isEqualTo("s3://acme-lake/refined/flights");
  }

  @Test
  void argumentVarsRedirectEveryPathBecauseSubstitutionRunsAfterMerging() throws IOException {
    Path spec = flightsSpec();
    Settings settings =
        ConfigLoader.load(
            JobArguments.parse(
                "--config", spec.toString(), "--env", "dev", "--vars.refined-root", "/tmp/out"),
            CoreKeys.SCHEMA,
            Map.of());
    assertThat(settings.get(CoreKeys.TARGET_PATH)).isEqualTo("/tmp/out/flights");
    assertThat(settings.get(CoreKeys.SOURCE_PATH).get(0))
        .isEqualTo("s3://acme-dev-lake/raw/flights");
    assertThat(CoreConfigs.quarantinePath(settings)).isEqualTo("/tmp/out/flights/_quarantine");
  }

  private static Settings withTarget(String target, Map<String, String> environment) {
    Map<String, String> values =
        Map.of(
            "job.name", "j",
            "source.path", "in",
            "source.format", "json",
            "target.path", target);
    return ConfigLoader.load(
        new JobArguments(Optional.empty(), Optional.empty(), Optional.empty(), values, Map.of()),
        CoreKeys.SCHEMA,
        environment);
  }

  @Test
  void environmentVariablesDefaultsAndEscapes() {
    assertThat(
            withTarget("${LAKE_ROOT}/refined", Map.of("LAKE_ROOT", "s3://env-lake"))
                .get(CoreKeys.TARGET_PATH))
        .isEqualTo("s3://env-lake/refined");
    assertThat(withTarget("${LAKE_ROOT:-/tmp/lake}/refined", Map.of()).get(CoreKeys.TARGET_PATH))
        .isEqualTo("/tmp/lake/refined");
    assertThat(
            withTarget("${LAKE_ROOT:-/tmp/lake}/refined", Map.of("LAKE_ROOT", "/data"))
                .get(CoreKeys.TARGET_PATH))
        .isEqualTo("/data/refined");
    assertThat(withTarget("${EMPTY:-}out", Map.of()).get(CoreKeys.TARGET_PATH)).isEqualTo("out");
    assertThat(withTarget("/tmp/$${not-a-var}/$5", Map.of()).get(CoreKeys.TARGET_PATH))
        .isEqualTo("/tmp/${not-a-var}/$5");
  }

  @Test
  void varsWinOverEnvironmentVariables() {
    Settings settings =
        Settings.of(
            CoreKeys.SCHEMA,
            Map.of(
                "job.name", "j",
                "source.path", "in",
                "source.format", "json",
                "vars.HOME", "/lake",
                "target.path", "${HOME}/out"));
    assertThat(settings.get(CoreKeys.TARGET_PATH)).isEqualTo("/lake/out");
  }

  @Test
  void unresolvedVariableNamesKeyVariableAndFile() throws IOException {
    Path spec =
        write(
            "conf/job.yaml",
            "job.name: j",
            "source.path: ${lake}/raw",
            "source.format: json",
            "target.path: ${LAKE_ROOT}/refined");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    JobArguments.parse("--config", spec.toString()), CoreKeys.SCHEMA, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load configuration: 2 problems\n"
                + "  - source.path (from "
                + spec
                + "): cannot resolve variable ${lake}: no vars.lake in the configuration and no"
                + " environment variable lake\n"
                + "  - target.path (from "
                + spec
                + "): cannot resolve variable ${LAKE_ROOT}: no vars.LAKE_ROOT in the configuration"
                + " and no environment variable LAKE_ROOT");
  }

  @Test
  void unresolvedVariableInsideAVariableNamesBoth() {
    assertThatThrownBy(
            () ->
                Settings.of(
                    CoreKeys.SCHEMA,
                    Map.of(
                        "job.name", "j",
                        "source.path", "${raw}/flights",
                        "source.format", "json",
                        "target.path", "out",
                        "vars.raw", "${lake}/raw")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            error ->
                assertThat(((ConfigException) error).problems())
                    .containsExactly(
                        "source.path (from given value): cannot resolve variable ${lake}: no"
                            + " vars.lake in the configuration and no environment variable lake"
                            + " (used by vars.raw from given value)",
                        "vars.raw (from given value): cannot resolve variable ${lake}: no"
                            + " vars.lake in the configuration and no environment variable lake"));
  }

  @Test
  void cyclesAndMalformedReferencesAreErrors() {
    assertThatThrownBy(
            () ->
                Settings.of(
                    CoreKeys.SCHEMA,
                    Map.of(
                        "job.name", "j",
                        "source.path", "${a}",
                        "source.format", "json",
                        "target.path", "${oops",
                        "vars.a", "${b}",
                        "vars.b", "${a}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "source.path (from given value): cannot resolve variable ${a}: it refers to itself (a"
                + " -> b -> a)")
        .hasMessageContaining(
            "target.path (from given value): cannot substitute variables: unterminated ${ (write"
                + " $${ for a literal ${)");
  }
}
