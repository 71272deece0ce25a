package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
  @Test
  void parsesGlueArgumentVector() {
    // What Glue 5 passes to a Java/Scala job's main method, in its order.
    JobArguments arguments =
        JobArguments.parse(
            "--JOB_ID",
            "j_1",
            "--JOB_RUN_ID",
            "jr_1",
            "--job-bookmark-option",
            "job-bookmark-disable",
            "--TempDir",
            "s3://tmp/",
            "--enable-metrics",
            "",
            "--enable-glue-datacatalog",
            "--additional-python-modules",
            "a,b",
            "--conf",
            "spark.executor.memory=4g",
            "--JOB_NAME",
            "x",
            "--config",
            "s3://acme-conf/flights/raw-to-refined.yaml",
            "--env",
            "prod",
            "--source.path",
            "s3://acme-raw/flights/2024-05-01/");

    assertThat(arguments.configFile()).contains("s3://acme-conf/flights/raw-to-refined.yaml");
    assertThat(arguments.environment()).contains("prod");
    assertThat(arguments.runId()).isEmpty();
    assertThat(arguments.overrides())
        .isEqualTo(Map.of("source.path", "s3://acme-raw/flights/2024-05-01/"));
    assertThat(arguments.ignored())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "JOB_ID", "j_1",
                "JOB_RUN_ID", "jr_1",
                "job-bookmark-option", "job-bookmark-disable",
                "TempDir", "s3://tmp/",
                "enable-metrics", "",
                "enable-glue-datacatalog", "true",
                "additional-python-modules", "a,b",
                "conf", "spark.executor.memory=4g",
                "JOB_NAME", "x"));
  }

  @Test
  void parsesEmrServerlessEntryPointArguments() {
    // entryPointArguments of a StartJobRun request, passed through unchanged.
    JobArguments arguments =
        JobArguments.parse(
            "--config=s3://acme-conf/flights/raw-to-refined.yaml",
            "--env=staging",
            "--run-id=2024-05-01T00:00Z",
            "--target.partition-by=year,month",
            "--spark.conf.spark.sql.shuffle.partitions=64",
            "--source.options.mode=PERMISSIVE=really");

    assertThat(arguments.configFile()).contains("s3://acme-conf/flights/raw-to-refined.yaml");
    assertThat(arguments.environment()).contains("staging");
    assertThat(arguments.runId()).contains("2024-05-01T00:00Z");
    assertThat(arguments.overrides())
        .isEqualTo(
            Map.of(
                "target.partition-by", "year,month",
                "spark.conf.spark.sql.shuffle.partitions", "64",
                "source.options.mode", "PERMISSIVE=really"));
    assertThat(arguments.ignored()).isEmpty();
  }

  @Test
  void flagWithoutValueIsTrue() {
    JobArguments arguments = JobArguments.parse("--source.multiline", "--verbose", "--x.y");
    assertThat(arguments.overrides()).isEqualTo(Map.of("source.multiline", "true", "x.y", "true"));
    assertThat(arguments.ignored()).isEqualTo(Map.of("verbose", "true"));
  }

  @Test
  void lastDuplicateWins() {
    JobArguments arguments =
        JobArguments.parse(
            "--source.path",
            "a",
            "--source.path=b",
            "--env",
            "dev",
            "--env",
            "qa",
            "--x",
            "1",
            "--x",
            "2");
    assertThat(arguments.overrides()).isEqualTo(Map.of("source.path", "b"));
    assertThat(arguments.environment()).contains("qa");
    assertThat(arguments.ignored()).isEqualTo(Map.of("x", "2"));
  }

  @Test
  void runtimeIsAConfigOverride() {
    assertThat(JobArguments.parse("--runtime", "local").overrides())
        .isEqualTo(Map.of("runtime", "local"));
  }

  @Test
  void noArguments() {
    assertThat(JobArguments.parse())
        .isEqualTo(JobArguments.empty())
        .isEqualTo(
            new JobArguments(
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of()));
  }

  @Test
  void rejectsPositionalJunk() {
    assertThatThrownBy(() -> JobArguments.parse("--source.path", "a", "b", "--env", "dev"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot parse program arguments: 'b' at position 3 is a value without a --key before"
                + " it");
    assertThatThrownBy(() -> JobArguments.parse("conf.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'conf.yaml' at position 1");
    assertThatThrownBy(() -> JobArguments.parse("-x", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'-x' at position 1");
  }

  @Test
  void rejectsEmptyKey() {
    assertThatThrownBy(() -> JobArguments.parse("--=x"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot parse program arguments: '--=x' has no key after the dashes");
  }

  @Test
  void ownArgumentsNeedAValue() {
    assertThatThrownBy(() -> JobArguments.parse("--config", "--env", "dev"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot parse program arguments: --config needs a value, e.g. --config <value>");
    assertThat(JobArguments.parse("--config", "--config", "a.yaml").configFile())
        .contains("a.yaml");
  }
}
