package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw-to-refined jar run through bin/etl-submit on the bundled sample flights, checked against
 * numbers worked out independently from the sample files ({@link SampleFlights}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawToRefinedEndToEndTest {
  /** Business columns: the same on every run, unlike the ingest_* metadata. */
  private static final List<String> FLIGHT_COLUMNS =
      List.of("departure_time", "delay", "distance", "origin", "destination");

  @TempDir static Path output;

  private SampleFlights expected;
  private EtlSubmit.Result firstRun;
  private Path refined;
  private Path quarantine;
  private Path firstReportFile;
  private JsonNode firstReport;

  @BeforeAll
  void runOnTheSample() {
    Repository.requireRawToRefinedJar();
    expected = SampleFlights.of(Repository.sampleFlights());
    // Spark at INFO on this run only: proves the "Spark never started" check below can fail.
    firstRun =
        EtlSubmit.run(
            "raw-to-refined-sample",
            Map.of("ETL_SPARK_LOG_LEVEL", "INFO"),
            EtlSubmit.sampleRawToRefined(output));
    assertThat(firstRun.exitCode()).as(firstRun.describe()).isZero();
    refined = output.resolve("refined/flights");
    quarantine = output.resolve("quarantine/flights");
    // Kept now: the re-run test adds a second report and a second run's quarantine.
    List<Path> reports = RunReports.list(refined.resolve("_reports"));
    assertThat(reports).as("run reports after the first run").hasSize(1);
    firstReportFile = reports.get(0);
    firstReport = RunReports.read(firstReportFile);
  }

  @Test
  void sampleFilesHoldWhatTheirReadmeSays() {
    // One file per departure day holding exactly that day's flights, compressed by month, plus
    // the redelivered and the malformed file.
    Map<String, Long> files = new TreeMap<>();
    expected.rowsPerPartition().forEach((partition, rows) -> files.put(dayFile(partition), rows));
    files.put("2001/03/01/flights-redelivered.json", 30L);
    files.put("2001/03/31/flights-malformed.json", 5L);
    assertThat(expected.linesPerFile())
        .containsExactlyInAnyOrderEntriesOf(files)
        .hasSize(92)
        .containsEntry("2001/01/01/flights.json", 105L)
        .containsEntry("2001/02/28/flights.json.gz", 107L)
        .containsEntry("2001/03/01/flights.json.bz2", 102L)
        .containsEntry("2001/03/31/flights.json.bz2", 110L);
    Map<String, Long> realPerMonth = new TreeMap<>();
    expected
        .linesPerFile()
        .forEach(
            (file, lines) -> {
              if (file.contains("/flights.json")) {
                realPerMonth.merge(file.substring(0, 7), lines, Long::sum);
              }
            });
    assertThat(realPerMonth)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("2001/01", 3454L, "2001/02", 2987L, "2001/03", 3559L));
    assertThat(expected.read()).isEqualTo(10_035);
    assertThat(expected.written()).isEqualTo(10_000);
    assertThat(expected.quarantined()).isEqualTo(5);
    assertThat(expected.duplicates()).isEqualTo(30);
    assertThat(expected.rowsPerPartition()).hasSize(90);
  }

  @Test
  void everySampleFlightIsInTheFolderOfItsDepartureDay() {
    Path sample = Repository.sampleFlights();
    long checked = 0;
    for (Path file : SampleFlights.files(sample)) {
      // 2001/03/01, as the departure is written: "2001/03/01 06:15".
      String day = SampleFlights.relative(sample, file.getParent());
      for (String line : SampleFlights.lines(file)) {
        JsonNode flight = SampleFlights.validFlight(line);
        if (flight != null) {
          assertThat(flight.get("date").textValue()).as("flight in %s", file).startsWith(day + " ");
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(expected.valid()).isEqualTo(10_030);
  }

  @Test
  void writesOnePartitionFolderPerDay() {
    assertThat(dayPartitions(refined))
        .hasSize(90)
        .startsWith("year=2001/month=01/day=01", "year=2001/month=01/day=02")
        .endsWith("year=2001/month=03/day=31")
        .containsExactlyElementsOf(expected.rowsPerPartition().keySet());
  }

  @Test
  void writesTypedParquetWithEveryValidFlight() {
    Dataset<Row> flights = SharedSpark.session().read().parquet(refined.toString());
    StructType schema = flights.schema();
    assertThat(schema.apply("departure_time").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(schema.apply("delay").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("distance").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("origin").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(schema.apply("destination").dataType()).isEqualTo(DataTypes.StringType);

    Row totals =
        flights
            .selectExpr(
                "count(*)",
                "sum(delay)",
                "sum(distance)",
                "count(departure_time)",
                "count(DISTINCT departure_time, origin, destination)")
            .first();
    assertThat(totals.getLong(0)).isEqualTo(expected.written());
    assertThat(totals.getLong(1)).isEqualTo(expected.delaySum());
    assertThat(totals.getLong(2)).isEqualTo(expected.distanceSum());
    assertThat(totals.getLong(3)).isEqualTo(expected.written());
    assertThat(totals.getLong(4)).isEqualTo(expected.written());

    List<Row> perDay =
        flights
            .groupBy("year", "month", "day")
            .count()
            .selectExpr(
                "format_string('year=%04d/month=%02d/day=%02d', cast(year as int), cast(month as"
                    + " int), cast(day as int))",
                "count")
            .collectAsList();
    Map<String, Long> rowsPerPartition = new TreeMap<>();
    perDay.forEach(row -> rowsPerPartition.put(row.getString(0), row.getLong(1)));
    assertThat(rowsPerPartition).containsExactlyInAnyOrderEntriesOf(expected.rowsPerPartition());

    // Departure times are the source's local wall-clock times, and sit in their own day partition.
    Row first =
        flights
            .where(
                "origin = 'DTW' AND destination = 'LAS' AND year = 2001 AND month = 1 AND day = 1")
            .selectExpr("date_format(departure_time, 'yyyy/MM/dd HH:mm')", "delay", "distance")
            .first();
    assertThat(first.getString(0)).isEqualTo("2001/01/01 00:47");
    assertThat(first.getInt(1)).isEqualTo(66);
    assertThat(first.getInt(2)).isEqualTo(1750);
  }

  @Test
  void parquetFooterSaysMicrosecondTimestampsAndSnappy() throws IOException {
    List<Path> files = parquetFiles(refined);
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(file.getFileName().toString()).endsWith(".snappy.parquet");
      ParquetMetadata footer = footer(file);
      PrimitiveType departure =
          footer.getFileMetaData().getSchema().getType("departure_time").asPrimitiveType();
      assertThat(departure.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
      assertThat(departure.getLogicalTypeAnnotation())
          // Spark TIMESTAMP is an instant: INT64 microseconds, adjusted to UTC.
          .as("departure_time logical type in %s", file)
          .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
      for (BlockMetaData block : footer.getBlocks()) {
        for (ColumnChunkMetaData column : block.getColumns()) {
          assertThat(column.getCodec())
              .as("codec of %s in %s", column.getPath(), file)
              .isEqualTo(CompressionCodecName.SNAPPY);
        }
      }
    }
  }

  @Test
  void quarantinesEachMalformedRecordWithItsReason() {
    Dataset<Row> all = readQuarantine(quarantine);
    assertThat(all.columns()).contains("raw_record", "source_file", "reason", "run_id");
    Dataset<Row> records = all.where(all.col("run_id").equalTo(firstReport.path("runId").asText()));
    Map<String, String> reasonByRecord = new TreeMap<>();
    for (Row row : records.select("raw_record", "reason", "source_file").collectAsList()) {
      assertThat(row.getString(2)).endsWith("/raw/flights/2001/03/31/flights-malformed.json");
      reasonByRecord.put(row.getString(0), row.getString(1));
    }
    List<String> malformed =
        SampleFlights.lines(
            Repository.sampleFlights().resolve("2001/03/31/flights-malformed.json"));
    assertThat(reasonByRecord.keySet()).containsExactlyInAnyOrderElementsOf(malformed);
    assertThat(reasonByRecord.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());
    assertThat(reasonByRecord.get(malformed.get(2))).contains("delay").contains("n/a");
    assertThat(reasonByRecord.get(malformed.get(3))).contains("origin");
    assertThat(reasonByRecord.get(malformed.get(4))).contains("31-Mar-2001 22:45");
  }

  @Test
  void runReportReconcilesAndMatchesTheSampleFiles() {
    JsonNode report = firstReport;
    long read = RunReports.count(report, "read");
    long written = RunReports.count(report, "written");
    long quarantined = RunReports.count(report, "quarantined");
    long duplicates = RunReports.count(report, "duplicatesRemoved");

    assertThat(read).isEqualTo(written + quarantined + duplicates);
    assertThat(read).isEqualTo(expected.read());
    assertThat(written).isEqualTo(expected.written());
    assertThat(quarantined).isEqualTo(expected.quarantined());
    assertThat(duplicates).isEqualTo(expected.duplicates()).isEqualTo(30);
    assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.path("inputs").path("fileCount").asLong())
        .isEqualTo(expected.linesPerFile().size())
        .isEqualTo(92);
    assertThat(RunReports.inputFiles(report))
        .extracting(SampleFlights::belowRawFlights)
        .containsExactlyInAnyOrderElementsOf(expected.linesPerFile().keySet())
        .contains("2001/01/01/flights.json", "2001/03/31/flights-malformed.json");
    assertThat(RunReports.partitionsWritten(report))
        .containsExactlyInAnyOrderElementsOf(expected.rowsPerPartition().keySet());
    assertThat(firstRun.log()).contains(firstReportFile.getFileName().toString());
  }

  @Test
  void rerunWritesIdenticalDataToTheSamePartitions() {
    List<Row> before = flightRows();
    List<String> partitionsBefore = dayPartitions(refined);

    EtlSubmit.Result rerun =
        EtlSubmit.run(
            "raw-to-refined-sample-rerun", Map.of(), EtlSubmit.sampleRawToRefined(output));

    assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
    assertThat(dayPartitions(refined)).isEqualTo(partitionsBefore);
    assertThat(flightRows()).hasSize((int) expected.written()).isEqualTo(before);
    List<Path> reports = RunReports.list(refined.resolve("_reports"));
    assertThat(reports).hasSize(2).contains(firstReportFile);
    JsonNode second =
        RunReports.read(
            reports.stream()
                .filter(file -> !file.equals(firstReportFile))
                .findFirst()
                .orElseThrow());
    assertThat(RunReports.count(second, "written")).isEqualTo(expected.written());
    assertThat(RunReports.count(second, "duplicatesRemoved")).isEqualTo(30);
  }

  @Test
  void configErrorExitsWithCodeTwoBeforeSparkStarts() {
    EtlSubmit.Result result =
        EtlSubmit.run(
            "raw-to-refined-config-error",
            Map.of("ETL_SPARK_LOG_LEVEL", "INFO"),
            EtlSubmit.sampleRawToRefined(output, "--source.format", "jsn"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    assertThat(result.log()).contains("source.format").contains("jsn");
    assertThat(result.log()).doesNotContain("Running Spark version").doesNotContain("SparkContext");
    // The same marker is in the log of a run that did start Spark at this log level.
    assertThat(firstRun.log()).contains("Running Spark version");
  }

  /**
   * The sample's file of one day's real flights: plain in January, gzip in February, bzip2 in March
   * ({@code year=2001/month=02/day=01} is {@code 2001/02/01/flights.json.gz}).
   */
  private static String dayFile(String partition) {
    String day = partition.replaceAll("year=(\\d+)/month=(\\d+)/day=(\\d+)", "$1/$2/$3");
    String compression = Map.of("01", "", "02", ".gz", "03", ".bz2").get(day.substring(5, 7));
    return day + "/flights.json" + compression;
  }

  /** The flights, ordered, without the per-run ingest metadata. */
  private List<Row> flightRows() {
    return SharedSpark.session()
        .read()
        .parquet(refined.toString())
        .selectExpr(ordered(FLIGHT_COLUMNS, "year", "month", "day"))
        .orderBy("departure_time", "origin", "destination")
        .collectAsList();
  }

  private static String[] ordered(List<String> columns, String... more) {
    List<String> all = new ArrayList<>(columns);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  static List<String> dayPartitions(Path table) {
    try (Stream<Path> folders = Files.walk(table, 3)) {
      return folders
          .filter(Files::isDirectory)
          .map(folder -> table.relativize(folder).toString())
          .filter(relative -> relative.matches("year=\\d+/month=\\d+/day=\\d+"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + table, e);
    }
  }

  static List<Path> parquetFiles(Path table) {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !table.relativize(file).toString().startsWith("_"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + table, e);
    }
  }

  static ParquetMetadata footer(Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getFooter();
    }
  }

  /** The quarantine folder in whichever format the job wrote it. */
  static Dataset<Row> readQuarantine(Path folder) {
    assertThat(folder).as("quarantine folder").isDirectory();
    boolean parquet = !parquetFiles(folder).isEmpty();
    return parquet
        ? SharedSpark.session().read().parquet(folder.toString())
        : SharedSpark.session().read().json(folder.toString());
  }
}
