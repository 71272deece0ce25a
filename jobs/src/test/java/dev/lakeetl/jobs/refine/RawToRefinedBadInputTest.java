package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in-process on CSV and JSON drops where no record reaches the write: every record
 * rejected, or files without records. Asserts the counts, the status and the quarantine's rows.
 */
class RawToRefinedBadInputTest {
  private static final String HEADER = "date,delay,distance,origin,destination";

  @TempDir Path directory;

  @BeforeAll
  static void startSpark() {
    TestSpark.session();
  }

  private Path spec(String format) throws IOException {
    Path spec = directory.resolve("conf/flights-" + format + ".yaml");
    Files.createDirectories(spec.getParent());
    Files.write(
        spec,
        List.of(
            "job.name: flights-" + format,
            "runtime: local",
            "source:",
            "  path: " + directory.resolve("raw"),
            "  format: " + format,
            "  schema: \"date TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING\"",
            "  timestamp-format: \"yyyy/MM/dd HH:mm\"",
            "transform:",
            "  rename: {date: departure_time}",
            "  event-time: departure_time",
            "  required: [departure_time, origin, destination]",
            "  dedupe-key: [departure_time, origin, destination, delay, distance]",
            "target:",
            "  path: " + directory.resolve("refined"),
            "  partition-by: [year, month, day]",
            "quarantine.path: " + directory.resolve("quarantine")),
        StandardCharsets.UTF_8);
    return spec;
  }

  private void rawFile(String name, String... lines) throws IOException {
    Path file = directory.resolve("raw").resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
  }

  private RunReport run(String format, String... extraArguments) throws IOException {
    List<String> arguments =
        new ArrayList<>(List.of("--config", spec(format).toString(), "--run-id", "bad"));
    arguments.addAll(Arrays.asList(extraArguments));
    return new RawToRefinedJob(JobArguments.parse(arguments.toArray(String[]::new)), Map.of())
        .run(Clock.systemUTC());
  }

  /** Bytes of a fixed seed, none of them a line break, delimiter, quote or escape. */
  static byte[] randomBytesWithoutLineBreaks(int length) {
    Random random = new Random(15);
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      byte value;
      do {
        value = (byte) random.nextInt(256);
      } while (value == '\n' || value == '\r' || value == ',' || value == '"' || value == '\\');
      bytes[i] = value;
    }
    return bytes;
  }

  /** Raw record to reason, for every row of this run's quarantine. */
  private Map<String, String> quarantine() {
    Map<String, String> reasons = new TreeMap<>();
    for (Row row :
        TestSpark.session()
            .read()
            .parquet(directory.resolve("quarantine/run_id=bad").toString())
            .collectAsList()) {
      reasons.put(row.getAs("raw_record"), row.getAs("reason"));
    }
    return reasons;
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
    Files.write(directory.resolve("raw/noise.csv"), randomBytesWithoutLineBreaks(3000));

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
  void csvWhoseEveryDateIsUnparsableIsQuarantinedRecordByRecord() throws IOException {
    rawFile("a.csv", HEADER, "01.01.2001 06:55,-19,1797,LAX,BNA", "2001-01-01,5,500,SFO,JFK");

    RunReport report = run("csv");

    assertThat(report.error()).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.counts()).isEqualTo(new RunCounts(2, 0, 2, 0));
    assertThat(report.partitionsWritten()).isEmpty();
    assertThat(quarantine())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "01.01.2001 06:55,-19,1797,LAX,BNA",
                    "column 'date': value '01.01.2001 06:55' is not a valid TIMESTAMP (format"
                        + " 'yyyy/MM/dd HH:mm')",
                    "2001-01-01,5,500,SFO,JFK",
                    "column 'date': value '2001-01-01' is not a valid TIMESTAMP (format"
                        + " 'yyyy/MM/dd HH:mm')")));
    assertThat(directory.resolve("refined/year=2001")).doesNotExist();
  }

  @Test
  void jsonRecordsWithoutTheRequiredFieldsAreQuarantinedRecordByRecord() throws IOException {
    rawFile("a.json", "{\"delay\":1,\"distance\":10}", "{\"date\":\"2001/01/01 06:55\"}");

    RunReport report = run("json");

    assertThat(report.error()).isEmpty();
    assertThat(report.counts()).isEqualTo(new RunCounts(2, 0, 2, 0));
    assertThat(quarantine())
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "{\"delay\":1,\"distance\":10}",
                    "missing required field 'departure_time' (source field 'date'); missing"
                        + " required field 'origin'; missing required field 'destination'",
                    "{\"date\":\"2001/01/01 06:55\"}",
                    "missing required field 'origin'; missing required field 'destination'")));
  }
}
