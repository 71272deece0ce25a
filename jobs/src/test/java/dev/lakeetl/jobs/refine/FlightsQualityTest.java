package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.QualityCheck;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped flights configuration and its standard rule set on the real sample data: the rules
 * hold; a DQDL rule known to break (flights longer than 4,000 miles exist) stops publishing.
 */
class FlightsQualityTest {
  private static final Path CONFIG = Path.of("..", "conf", "flights-raw-to-refined.yaml");
  private static final Path SAMPLE = Path.of("..", "sample-data", "raw");

  @TempDir Path directory;

  private RunReport run(String runId, String... extra) {
    SharedSpark.session();
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--config", CONFIG.toString(),
                "--env", "local",
                "--run-id", runId,
                "--vars.raw-root", SAMPLE.toString(),
                "--vars.refined-root", directory.resolve("refined").toString(),
                "--vars.quarantine-root", directory.resolve("quarantine").toString(),
                // The shared test session has no Hive catalog; registration has its own tests.
                "--catalog.enabled", "false"));
    arguments.addAll(Arrays.asList(extra));
    return new RawToRefinedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of())
        .run(Clock.systemUTC());
  }

  @Test
  void standardRulesHoldAndAKnownBreachStopsPublishing() {
    RunReport good = run("sample-1");

    assertThat(good.error()).isEmpty();
    assertThat(good.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(good.quality()).hasSize(10);
    assertThat(good.quality()).extracting(QualityCheck::status).containsOnly("PASSED");
    assertThat(good.counts().written()).isPositive();

    RunReport breached =
        run("sample-2", "--quality.dqdl", "Rules = [ ColumnValues \"distance\" <= 4000 ]");

    assertThat(breached.status()).isEqualTo(RunStatus.FAILED);
    QualityCheck dqdl = breached.quality().get(breached.quality().size() - 1);
    assertThat(dqdl.rule()).isEqualTo("ColumnValues \"distance\" <= 4000");
    assertThat(dqdl.status()).isEqualTo("FAILED");
    assertThat(dqdl.failedRows().getAsLong()).isPositive();
    assertThat(breached.error().orElseThrow())
        .startsWith(
            "Quality check failed, nothing published: rule 'ColumnValues \"distance\" <= 4000'");
    assertThat(directory.resolve("refined/flights/_staging/sample-2")).doesNotExist();
  }
}
