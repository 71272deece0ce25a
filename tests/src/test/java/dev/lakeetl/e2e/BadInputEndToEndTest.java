package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.RawDrops;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw-to-refined jar through bin/etl-submit on small CSV and JSON drops where no record, or not
 * enough of them, reaches the table: files without records, records that are all rejected, empty
 * values. Each run ends with its status, counts and quarantine in seconds, never on the two-minute
 * wait for counts that do not come.
 */
class BadInputEndToEndTest {
  private static final String HEADER = RawDrops.CSV_HEADER;
  private static final String NO_METRICS = "did not report the observed metrics";

  @TempDir Path directory;

  @BeforeAll
  static void jar() {
    Repository.requireRawToRefinedJar();
  }

  /** What a run left: its report and its log. */
  private record Run(JsonNode report, String log) {}

  private void rawFile(String name, String... lines) throws IOException {
    RawDrops.write(directory, name, lines);
  }

  private Path config(String format) throws IOException {
    Path config = directory.resolve(format + ".yaml");
    Files.write(
        config,
        RawDrops.config(
            directory, "bad-" + format, format, "spark.conf.spark.sql.shuffle.partitions: 2"),
        StandardCharsets.UTF_8);
    return config;
  }

  /** Runs the job as run id {@code bad}, checks its exit code and returns its report and log. */
  private Run run(String name, String format, int exitCode, String... more) throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of("raw-to-refined", "--config", config(format).toString(), "--run-id", "bad"));
    arguments.addAll(Arrays.asList(more));
    EtlSubmit.Result result = EtlSubmit.run("bad-input-" + name, Map.of(), arguments);
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
    assertThat(result.log()).as(result.describe()).doesNotContain(NO_METRICS);
    return new Run(RunReports.read(directory.resolve("refined/_reports/bad.json")), result.log());
  }

  /** Raw record to reason, for every row of the run's published quarantine. */
  private Map<String, String> quarantine() {
    return quarantine("quarantine/run_id=bad");
  }

  /** Raw record to reason, for every row of the quarantine in {@code folder}. */
  private Map<String, String> quarantine(String folder) {
    return RawDrops.reasons(directory.resolve(folder));
  }

  @Test
  void filesWithoutRecordsAreAnEmptyRun() throws IOException {
    rawFile("header-only.csv", HEADER);
    Files.write(directory.resolve("raw/zero-bytes.csv"), new byte[0]);
    Files.write(directory.resolve("raw/noise.csv"), RawDrops.randomBytesWithoutLineBreaks(2000));

    Run run = run("empty-csv", "csv", 0);

    assertThat(run.report().path("status").asText()).isEqualTo("EMPTY");
    assertThat(run.report().path("error").isNull()).isTrue();
    assertThat(RunReports.count(run.report(), "read")).isZero();
    assertThat(RunReports.count(run.report(), "quarantined")).isZero();
    assertThat(run.report().path("inputs").path("fileCount").asInt()).isEqualTo(3);
    assertThat(run.report().path("outputs").path("quarantine").isNull()).isTrue();
    assertThat(run.log())
        .contains("The 3 input files (")
        .contains("hold no records (only header and blank lines")
        .contains("nothing to refine, reporting EMPTY");
    assertThat(directory.resolve("quarantine")).doesNotExist();
    assertThat(directory.resolve("refined/year=2001")).doesNotExist();
    assertThat(directory.resolve("refined/_staging")).doesNotExist();
  }

  @Test
  void csvRecordsThatAllFailTheirDateAreQuarantinedAndFailTheRun() throws IOException {
    RawDrops.CSV_WITH_BAD_DATES.write(directory, "a.csv");

    Run run = run("all-rejected-csv", "csv", 1);

    assertThat(run.report().path("status").asText()).isEqualTo("FAILED");
    assertThat(run.report().path("error").asText())
        .isEqualTo(
            "Rejected 2 of 2 records read (100.0%), more than quarantine.max-ratio 50%: nothing"
                + " published; every rejected record is in "
                + directory.resolve("quarantine/_unpublished/run_id=bad")
                + " with its reason. Fix the input, or raise quarantine.max-ratio (off turns the"
                + " check off) to publish the rest");
    assertThat(RunReports.count(run.report(), "read")).isEqualTo(2);
    assertThat(RunReports.count(run.report(), "written")).isZero();
    assertThat(RunReports.count(run.report(), "quarantined")).isEqualTo(2);
    assertThat(quarantine("quarantine/_unpublished/run_id=bad"))
        .containsExactlyEntriesOf(RawDrops.CSV_WITH_BAD_DATES.quarantine());
    assertThat(directory.resolve("refined/year=2001")).doesNotExist();
    assertThat(directory.resolve("refined/_staging")).doesNotExist();
  }

  @Test
  void jsonRecordsThatAllLackRequiredFieldsAreQuarantinedWithoutALimit() throws IOException {
    RawDrops.JSON_WITHOUT_REQUIRED_FIELDS.write(directory, "a.json");

    Run run = run("all-rejected-json", "json", 0, "--quarantine.max-ratio", "off");

    assertThat(run.report().path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(RunReports.count(run.report(), "read")).isEqualTo(2);
    assertThat(RunReports.count(run.report(), "written")).isZero();
    assertThat(RunReports.count(run.report(), "quarantined")).isEqualTo(2);
    assertThat(quarantine())
        .containsExactlyEntriesOf(RawDrops.JSON_WITHOUT_REQUIRED_FIELDS.quarantine());
  }

  @Test
  void anEmptyJsonValueIsAMissingValue() throws IOException {
    String emptyDelay =
        "{\"date\":\"2001/01/01 06:55\",\"delay\":\"\",\"distance\":1797,\"origin\":\"LAX\","
            + "\"destination\":\"BNA\"}";
    String emptyOrigin =
        "{\"date\":\"2001/01/01 07:00\",\"delay\":3,\"distance\":80,\"origin\":\"\","
            + "\"destination\":\"SJC\"}";
    rawFile("a.json", emptyDelay, emptyOrigin);

    // One of two rejected: 50%, not more than the default limit.
    Run run = run("empty-values-json", "json", 0);

    assertThat(run.report().path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(RunReports.count(run.report(), "written")).isEqualTo(1);
    assertThat(RunReports.partitionsWritten(run.report()))
        .containsExactly("year=2001/month=01/day=01");
    List<Row> refined =
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("refined").toString())
            .select("origin", "delay", "distance")
            .collectAsList();
    assertThat(refined).hasSize(1);
    assertThat(refined.get(0).getString(0)).isEqualTo("LAX");
    assertThat(refined.get(0).isNullAt(1)).as("delay").isTrue();
    assertThat(refined.get(0).getInt(2)).isEqualTo(1797);
    assertThat(quarantine())
        .containsExactlyEntriesOf(Map.of(emptyOrigin, "missing required field 'origin'"));
  }
}
