package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.RawDrops;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in-process on CSV and JSON drops where no record reaches the write: every record
 * rejected, or files without records. Asserts the counts, the status and the quarantine's rows.
 */
class RawToRefinedBadInputTest {
  private static final String HEADER = RawDrops.CSV_HEADER;

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  private Path spec(String format) throws IOException {
    return RefineRun.writeConfig(
        directory,
        "flights-" + format + ".yaml",
        RawDrops.config(directory, "flights-" + format, format));
  }

  private void rawFile(String name, String... lines) throws IOException {
    RawDrops.write(directory, name, lines);
  }

  private RunReport run(String format, String... extraArguments) throws IOException {
    return runAs("bad", format, extraArguments);
  }

  private RunReport runAs(String runId, String format, String... extraArguments)
      throws IOException {
    return RefineRun.run(spec(format), runId, extraArguments);
  }

  /** What the default quarantine.max-ratio says when {@code rejected} of {@code read} is more. */
  private String overTheLimit(long rejected, long read, String percent, String runId) {
    return "Rejected "
        + rejected
        + " of "
        + read
        + " records read ("
        + percent
        + "), more than quarantine.max-ratio 50%: nothing published; every rejected record is in "
        + directory.resolve("quarantine/_unpublished/run_id=" + runId)
        + " with its reason. Fix the input, or raise quarantine.max-ratio (off turns the check"
        + " off) to publish the rest";
  }

  /** Departure day folder to the origins of its rows, in the refined table. */
  private Map<String, List<String>> refinedOrigins() {
    Map<String, List<String>> origins = new TreeMap<>();
    for (Row row :
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("refined").toString())
            .selectExpr("format_string('%04d/%02d/%02d', year, month, day)", "origin")
            .orderBy("origin")
            .collectAsList()) {
      origins.computeIfAbsent(row.getString(0), day -> new ArrayList<>()).add(row.getString(1));
    }
    return origins;
  }

  /** Raw record to reason, for every row of the quarantine of this failed run. */
  private Map<String, String> failedRunsQuarantine() {
    return reasons(directory.resolve("quarantine/_unpublished/run_id=bad"));
  }

  /** Raw record to reason, for every row of this run's published quarantine. */
  private Map<String, String> quarantine() {
    return quarantine("bad");
  }

  /** Raw record to reason, for every row of the published quarantine of run {@code runId}. */
  private Map<String, String> quarantine(String runId) {
    return reasons(directory.resolve("quarantine/run_id=" + runId));
  }

  private static Map<String, String> reasons(Path folder) {
    return RawDrops.reasons(folder);
  }

  @Test
  void csvFilesWithoutRecordsAreAnEmptyRun() throws IOException {
    rawFile("header-only.csv", HEADER);
    rawFile("blank.csv", HEADER, "", "   ");
    Files.write(directory.resolve("raw/zero-bytes.csv"), new byte[0]);

    RunReport report = run("csv");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(report.counts()).isEqualTo(RunCounts.ZERO);
    assertThat(report.inputs().fileCount()).isEqualTo(3);
    assertThat(report.outputs().quarantine()).isEmpty();
    assertThat(directory.resolve("quarantine")).doesNotExist();
    assertThat(directory.resolve("refined/year=2001")).doesNotExist();
  }

  @Test
  void aCsvFileOfRandomBytesWithoutALineBreakIsOnlyAHeader() throws IOException {
    Files.createDirectories(directory.resolve("raw"));
    Files.write(directory.resolve("raw/noise.csv"), RawDrops.randomBytesWithoutLineBreaks(3000));

    RunReport report = run("csv");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(report.counts()).isEqualTo(RunCounts.ZERO);
  }

  @Test
  void jsonFilesWithoutRecordsAreAnEmptyRun() throws IOException {
    rawFile("blank.json", "", " ", "\t");
    Files.write(directory.resolve("raw/zero-bytes.json"), new byte[0]);

    RunReport report = run("json");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(report.counts()).isEqualTo(RunCounts.ZERO);
  }

  @Test
  void csvWhoseEveryDateIsUnparsableIsQuarantinedRecordByRecordAndFailsTheRun() throws IOException {
    RawDrops.CSV_WITH_BAD_DATES.write(directory, "a.csv");

    RunReport report = run("csv");

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains(overTheLimit(2, 2, "100.0%", "bad"));
    assertThat(report.counts()).isEqualTo(new RunCounts(2, 0, 2, 0));
    assertThat(report.partitionsWritten()).isEmpty();
    assertThat(report.outputs().quarantine())
        .contains(directory.resolve("quarantine/_unpublished/run_id=bad").toString());
    assertThat(failedRunsQuarantine())
        .containsExactlyEntriesOf(RawDrops.CSV_WITH_BAD_DATES.quarantine());
    assertThat(directory.resolve("refined/year=2001")).doesNotExist();
    assertThat(directory.resolve("refined/_staging")).doesNotExist();
  }

  @Test
  void jsonRecordsWithoutTheRequiredFieldsAreQuarantinedRecordByRecordWithoutALimit()
      throws IOException {
    RawDrops.JSON_WITHOUT_REQUIRED_FIELDS.write(directory, "a.json");

    RunReport report = run("json", "--quarantine.max-ratio", "off");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.counts()).isEqualTo(new RunCounts(2, 0, 2, 0));
    assertThat(quarantine())
        .containsExactlyEntriesOf(RawDrops.JSON_WITHOUT_REQUIRED_FIELDS.quarantine());
  }

  @Test
  void aDropWithMoreRejectedThanTheLimitPublishesNothingButItsQuarantine() throws IOException {
    rawFile(
        "day1.csv", HEADER, "2001/01/01 06:55,-19,1797,LAX,BNA", "2001/01/01 07:00,3,80,SFO,SJC");
    assertThat(runAs("good", "csv").status()).isEqualTo(RunStatus.SUCCEEDED);
    Files.delete(directory.resolve("raw/day1.csv"));
    // 23 flights of January 2nd, and 27 records whose date is written another way: 54%.
    List<String> lines = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < 50; i++) {
      String minute = String.format(Locale.ROOT, "%02d", i);
      lines.add(
          i < 23
              ? "2001/01/02 10:" + minute + "," + i + ",100,A" + minute + ",BNA"
              : "02.01.2001 10:" + minute + "," + i + ",100,B" + minute + ",BNA");
    }
    rawFile("day2.csv", lines.toArray(String[]::new));

    RunReport rejected = runAs("mixed", "csv");

    assertThat(rejected.status()).isEqualTo(RunStatus.FAILED);
    assertThat(rejected.error()).contains(overTheLimit(27, 50, "54.0%", "mixed"));
    assertThat(rejected.counts()).isEqualTo(new RunCounts(50, 23, 27, 0));
    assertThat(reasons(directory.resolve("quarantine/_unpublished/run_id=mixed")))
        .hasSize(27)
        .allSatisfy(
            (record, reason) ->
                assertThat(reason)
                    .isEqualTo(
                        "column 'date': value '"
                            + record.substring(0, record.indexOf(','))
                            + "' is not a valid TIMESTAMP (format 'yyyy/MM/dd HH:mm')"));
    assertThat(refinedOrigins()).containsOnlyKeys("2001/01/01");
    assertThat(directory.resolve("refined/_staging")).doesNotExist();

    RunReport accepted = runAs("accepted", "csv", "--quarantine.max-ratio", "0.6");

    assertThat(accepted.error()).isEmpty();
    assertThat(accepted.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(accepted.counts()).isEqualTo(new RunCounts(50, 23, 27, 0));
    assertThat(refinedOrigins()).containsOnlyKeys("2001/01/01", "2001/01/02");
    assertThat(refinedOrigins().get("2001/01/02")).hasSize(23).allMatch(o -> o.startsWith("A"));
    assertThat(quarantine("accepted")).hasSize(27);
  }

  @Test
  void anEmptyDropLeavesAnUnpartitionedTableAsItWas() throws IOException {
    String[] unpartitioned = {
      "--target.partition-by", "",
      "--report.path", directory.resolve("reports").toString(),
      "--quarantine.max-ratio", "off"
    };
    rawFile("day1.csv", HEADER, "2001/01/01 06:55,-19,1797,LAX,BNA");
    assertThat(runAs("good", "csv", unpartitioned).status()).isEqualTo(RunStatus.SUCCEEDED);
    Files.delete(directory.resolve("raw/day1.csv"));
    rawFile("header-only.csv", HEADER);

    RunReport report = runAs("empty", "csv", unpartitioned);

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(
            SharedSpark.session()
                .read()
                .parquet(directory.resolve("refined").toString())
                .select("origin")
                .collectAsList())
        .extracting(row -> row.getString(0))
        .containsExactly("LAX");
    assertThat(directory.resolve("refined/_staging")).doesNotExist();
  }

  /** Origin to delay ("null" when null) of every row in the refined table. */
  private Map<String, String> refinedDelays() {
    Map<String, String> delays = new TreeMap<>();
    for (Row row :
        SharedSpark.session()
            .read()
            .parquet(directory.resolve("refined").toString())
            .select("origin", "delay")
            .collectAsList()) {
      delays.put(row.getString(0), row.isNullAt(1) ? "null" : String.valueOf(row.getInt(1)));
    }
    return delays;
  }

  @Test
  void anEmptyValueIsAMissingValueInCsvAndJsonAlike() throws IOException {
    rawFile(
        "a.csv",
        HEADER,
        "2001/01/01 06:55,,1797,LAX,BNA",
        "2001/01/01 07:00,\"\",80,SFO,SJC",
        "2001/01/01 08:00,1,5,\"\",BNA");
    RunReport csv = runAs("csv", "csv");
    Map<String, String> csvDelays = refinedDelays();
    Map<String, String> csvReasons = quarantine("csv");
    deleteRecursively(directory.resolve("raw"));
    deleteRecursively(directory.resolve("refined"));
    rawFile(
        "a.json",
        "{\"date\":\"2001/01/01 06:55\",\"delay\":\"\",\"distance\":1797,\"origin\":\"LAX\","
            + "\"destination\":\"BNA\"}",
        "{\"date\":\"2001/01/01 07:00\",\"distance\":80,\"origin\":\"SFO\",\"destination\":\"SJC\"}",
        "{\"date\":\"2001/01/01 08:00\",\"delay\":1,\"distance\":5,\"origin\":\"\","
            + "\"destination\":\"BNA\"}");
    RunReport json = runAs("json", "json");

    for (RunReport report : List.of(csv, json)) {
      assertThat(report.error()).isEmpty();
      assertThat(report.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
    }
    assertThat(csvDelays).isEqualTo(Map.of("LAX", "null", "SFO", "null"));
    assertThat(refinedDelays()).isEqualTo(csvDelays);
    assertThat(csvReasons.values()).containsExactly("missing required field 'origin'");
    assertThat(quarantine("json").values()).containsExactly("missing required field 'origin'");
  }

  @Test
  void withoutEmptyAsNullAnEmptyTypedValueIsInvalidInCsvAndJsonAlike() throws IOException {
    String[] emptyIsText = {"--source.empty-as-null", "false"};
    rawFile("a.csv", HEADER, "2001/01/01 06:55,,1797,LAX,BNA", "2001/01/01 07:00,\"\",80,SFO,SJC");
    RunReport csv = runAs("csv", "csv", emptyIsText);
    deleteRecursively(directory.resolve("raw"));
    rawFile(
        "a.json",
        "{\"date\":\"2001/01/01 06:55\",\"distance\":1797,\"origin\":\"LAX\","
            + "\"destination\":\"BNA\"}",
        "{\"date\":\"2001/01/01 07:00\",\"delay\":\"\",\"distance\":80,\"origin\":\"SFO\","
            + "\"destination\":\"SJC\"}");
    RunReport json = runAs("json", "json", emptyIsText);

    // CSV cannot write a missing value other than as an unquoted empty field: that one is null.
    for (RunReport report : List.of(csv, json)) {
      assertThat(report.error()).isEmpty();
      assertThat(report.counts()).isEqualTo(new RunCounts(2, 1, 1, 0));
    }
    assertThat(refinedDelays()).containsExactlyEntriesOf(Map.of("LAX", "null"));
    assertThat(quarantine("csv"))
        .containsExactlyEntriesOf(
            Map.of(
                "2001/01/01 07:00,\"\",80,SFO,SJC", "column 'delay': value '' is not a valid INT"));
    assertThat(quarantine("json").values())
        .containsExactly("column 'delay': value '' is not a valid INT");
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
