package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.spark.SparkRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoreConfigsTest {
  private static Settings settings(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    values.put("job.name", "j");
    values.put("source.path", "in");
    values.put("source.format", "json");
    values.put("target.path", "s3://acme-refined/flights/");
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.of(CoreKeys.SCHEMA, values);
  }

  private static final JobArguments GLUE =
      JobArguments.parse("--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--JOB_NAME", "x");

  @Test
  void autoDetectsGlueFromItsArguments() {
    assertThat(CoreConfigs.runtime(RuntimeChoice.AUTO, GLUE, Map.of(), Optional.of("yarn")))
        .isEqualTo(SparkRuntime.GLUE);
    assertThat(CoreConfigs.spark(settings(), GLUE, Map.of()).runtime())
        .isEqualTo(SparkRuntime.GLUE);
    assertThat(
            CoreConfigs.runtime(
                RuntimeChoice.AUTO,
                JobArguments.parse("--TempDir", "s3://tmp/"),
                Map.of(),
                Optional.empty()))
        .isEqualTo(SparkRuntime.LOCAL);
  }

  @Test
  void autoDetectsEmrServerlessFromMasterOrEnvironment() {
    JobArguments none = JobArguments.empty();
    assertThat(CoreConfigs.runtime(RuntimeChoice.AUTO, none, Map.of(), Optional.of("yarn")))
        .isEqualTo(SparkRuntime.EMR_SERVERLESS);
    assertThat(
            CoreConfigs.runtime(
                RuntimeChoice.AUTO,
                none,
                Map.of("EMR_SERVERLESS_APPLICATION_ID", "00f1"),
                Optional.empty()))
        .isEqualTo(SparkRuntime.EMR_SERVERLESS);
    assertThat(CoreConfigs.runtime(RuntimeChoice.AUTO, none, Map.of(), Optional.of("local[2]")))
        .isEqualTo(SparkRuntime.LOCAL);
    assertThat(CoreConfigs.runtime(RuntimeChoice.AUTO, none, Map.of(), Optional.empty()))
        .isEqualTo(SparkRuntime.LOCAL);
  }

  @Test
  void explicitRuntimeWins() {
    assertThat(CoreConfigs.runtime(RuntimeChoice.LOCAL, GLUE, Map.of(), Optional.of("yarn")))
        .isEqualTo(SparkRuntime.LOCAL);
    assertThat(
            CoreConfigs.spark(settings("runtime", "glue"), JobArguments.empty(), Map.of())
                .runtime())
        .isEqualTo(SparkRuntime.GLUE);
  }

  @Test
  void jobCanRedeclareACoreKeyWithItsOwnDefault() {
    ConfigSchema schema =
        CoreKeys.SCHEMA.plus(
            ConfigSchema.of(
                CoreKeys.TARGET_PARTITION_BY.withDefault(List.of("year", "month")),
                CoreKeys.TARGET_COMPRESSION.withDefault("zstd")));
    Settings settings =
        Settings.of(
            schema,
            Map.of(
                "job.name",
                "j",
                "source.path",
                "in",
                "source.format",
                "json",
                "target.path",
                "out"));
    assertThat(CoreConfigs.writer(settings).partitionBy()).containsExactly("year", "month");
    assertThat(CoreConfigs.writer(settings).compression()).isEqualTo("zstd");
    assertThat(settings.describe()).contains("target.compression = zstd  (default)");
  }

  @Test
  void derivedPathsDropTrailingSlash() {
    Settings settings = settings();
    assertThat(CoreConfigs.quarantinePath(settings))
        .isEqualTo("s3://acme-refined/flights/_quarantine");
    assertThat(CoreConfigs.reportPath(settings)).isEqualTo("s3://acme-refined/flights/_reports");
    assertThat(CoreConfigs.reportPath(settings("report.path", "/tmp/reports")))
        .isEqualTo("/tmp/reports");
  }

  @Test
  void blankOptionalTextCountsAsUnset() {
    Settings settings = settings("source.schema", " ", "s3.endpoint", "", "quarantine.path", "");
    assertThat(CoreConfigs.source(settings).schemaDdl()).isEmpty();
    assertThat(CoreConfigs.s3(settings).endpoint()).isEmpty();
    assertThat(CoreConfigs.quarantinePath(settings))
        .isEqualTo("s3://acme-refined/flights/_quarantine");
  }

  @Test
  void recordValidationErrorsNameTheKeys() {
    assertThatThrownBy(() -> CoreConfigs.s3(settings("s3.access-key", "AKIAEXAMPLE")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "s3.access-key (from given value), s3.secret-key (not set): Cannot configure S3:"
                + " s3.access-key and s3.secret-key must be set together")
        .hasMessageNotContaining("AKIAEXAMPLE");
    assertThatThrownBy(() -> CoreConfigs.source(settings("source.path", " , ")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("source.path (from given value): Cannot read source: no path given");
  }
}
