package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDeployConfigLoader {
  private static final Path DEPLOY = Cli.repositoryRoot().resolve("deploy");

  @Test
  void environmentOverridesSharedDefaults() {
    DeployConfig prod = DeployConfigLoader.load(DEPLOY, "prod");

    assertThat(prod.environment()).isEqualTo("prod");
    assertThat(prod.region()).contains("eu-west-1");
    assertThat(prod.artifactsBucket()).isEqualTo("example-prod-artifacts");
    assertThat(prod.artifactsPrefix()).isEqualTo("lakeetl");
    assertThat(prod.glue().jobPrefix()).isEqualTo("lakeetl-prod-");
    assertThat(prod.glue().numberOfWorkers()).isEqualTo(10);
    assertThat(prod.glue().version()).isEqualTo("5.0");
    assertThat(prod.glue().logGroup()).contains("/aws-glue/lakeetl-prod");
    assertThat(prod.emr().executorCount()).isEqualTo(4);
    assertThat(prod.emr().releaseLabel()).isEqualTo("emr-7.5.0");
    assertThat(prod.emr().sparkConf()).containsEntry("spark.executor.memory", "6g");
    assertThat(prod.tags()).isEqualTo(Map.of("project", "lakeetl", "environment", "prod"));
  }

  @Test
  void everyEnvironmentLoads() {
    for (String environment : new String[] {"dev", "qa", "staging", "prod"}) {
      assertThat(DeployConfigLoader.load(DEPLOY, environment).emr().applicationName())
          .isEqualTo("lakeetl-" + environment);
    }
  }

  @Test
  void missingEnvironmentFileIsNamed() {
    assertThatThrownBy(() -> DeployConfigLoader.load(DEPLOY, "perf"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot load deployment settings of 'perf'")
        .hasMessageContaining("perf.yaml does not exist");
  }

  @Test
  void everyProblemIsReportedWithItsKey(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Files.writeString(
        folder.resolve("env/test.yaml"),
        "artifacts:\n  bucket: b\nglue:\n  number-of-workers: 1\n  woker-type: G.2X\n"
            + "emr:\n  release-label: emr-6.15.0\n");

    assertThatThrownBy(() -> DeployConfigLoader.load(folder, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("glue.number-of-workers")
        .hasMessageContaining("is not at least 2")
        .hasMessageContaining("glue.woker-type")
        .hasMessageContaining("did you mean 'glue.worker-type'")
        .hasMessageContaining("emr.release-label")
        .hasMessageContaining("glue.role-arn: missing required key")
        .hasMessageContaining("emr.execution-role-arn: missing required key");
  }

  @Test
  void nullRemovesASharedDefault(@TempDir Path folder) throws IOException {
    Files.createDirectories(folder.resolve("env"));
    Files.writeString(folder.resolve("deploy.yaml"), "glue:\n  log-group: /shared\n");
    Files.writeString(
        folder.resolve("env/test.yaml"),
        "artifacts.bucket: b\nglue:\n  job-prefix: p-\n  role-arn: r\n  temp-dir: s3://t/\n  log-group: ~\n"
            + "emr:\n  application-name: a\n  execution-role-arn: e\n  log-uri: s3://l/\n");

    DeployConfig config = DeployConfigLoader.load(folder, "test");

    assertThat(config.glue().logGroup()).isEqualTo(Optional.empty());
    assertThat(config.region()).isEmpty();
  }
}
