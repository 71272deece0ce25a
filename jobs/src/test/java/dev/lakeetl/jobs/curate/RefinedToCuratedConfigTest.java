package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Ratio;
import dev.lakeetl.config.Settings;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefinedToCuratedConfigTest {
  private static final String TRANSFORMS = SampleTransforms.class.getName();

  @TempDir Path folder;

  private RefinedToCuratedConfig load(String yaml) throws IOException {
    Path spec = folder.resolve("job.yaml");
    Files.writeString(spec, yaml);
    JobArguments arguments = JobArguments.parse("--config", spec.toString());
    Settings settings = ConfigLoader.load(arguments, CurateKeys.SCHEMA, Map.of());
    return RefinedToCuratedConfig.from(settings, arguments, Map.of());
  }

  private static String job(String body) {
    return "job.name: curate\nruntime: local\nreport.path: out/_reports\n" + body;
  }

  @Test
  void readsInputsStepsInListedOrderAndOutputs() throws IOException {
    Files.createDirectories(folder.resolve("sql"));
    Files.writeString(folder.resolve("sql/daily.sql"), "SELECT * FROM flights");
    RefinedToCuratedConfig config =
        load(
            job(
                """
                input:
                  flights: {path: refined/flights, filter: "year = 2001"}
                  airports:
                    path: raw/airports.csv
                    format: csv
                    schema: "iata STRING, name STRING"
                    options: {delimiter: ";"}
                transforms: [daily, busy]
                transform:
                  busy:
                    class: %s$AtLeast
                    input: daily
                    options: {column: flights, minimum: 2}
                  daily: {sql: sql/daily.sql}
                output:
                  busy:
                    path: curated/busy
                    partition-by: [flight_date]
                    write-mode: append
                    compression: zstd
                    max-records-per-file: 500
                  flights: {path: curated/flights, reconcile-with: flights}
                """
                    .formatted(TRANSFORMS)));

    assertThat(config.inputs())
        .containsExactly(
            new InputConfig(
                "airports",
                "raw/airports.csv",
                SourceFormat.CSV,
                Optional.of("iata STRING, name STRING"),
                Optional.empty(),
                Map.of("delimiter", ";"),
                false),
            new InputConfig(
                "flights",
                "refined/flights",
                SourceFormat.PARQUET,
                Optional.empty(),
                Optional.of("year = 2001"),
                Map.of(),
                false));
    assertThat(config.steps()).extracting(TransformStep::name).containsExactly("daily", "busy");
    TransformStep.Sql daily = (TransformStep.Sql) config.steps().get(0);
    assertThat(daily.sql()).isEqualTo("SELECT * FROM flights");
    assertThat(Path.of(daily.file())).isEqualTo(folder.resolve("sql/daily.sql"));
    assertThat(config.steps().get(1))
        .isEqualTo(
            new TransformStep.Java(
                "busy",
                TRANSFORMS + "$AtLeast",
                "daily",
                Map.of("column", "flights", "minimum", "2")));
    OutputConfig busy = config.outputs().get(0);
    assertThat(busy.writer().partitionBy()).containsExactly("flight_date");
    assertThat(busy.writer().mode()).isEqualTo(WriteMode.APPEND);
    assertThat(busy.writer().compression()).isEqualTo("zstd");
    assertThat(busy.writer().maxRecordsPerFile()).isEqualTo(500);
    assertThat(busy.reconcileWith()).isEmpty();
    OutputConfig flights = config.outputs().get(1);
    assertThat(flights.writer().mode()).isEqualTo(WriteMode.OVERWRITE_PARTITIONS);
    assertThat(flights.writer().compression()).isEqualTo("snappy");
    assertThat(flights.reconcileWith()).contains("flights");
  }

  @Test
  void theFlightsExampleLoadsWithItsSqlFiles() {
    JobArguments arguments =
        JobArguments.parse("--config", "../conf/flights-refined-to-curated.yaml", "--env", "local");
    RefinedToCuratedConfig config =
        RefinedToCuratedConfig.from(
            ConfigLoader.load(arguments, CurateKeys.SCHEMA, Map.of()), arguments, Map.of());

    assertThat(config.inputs())
        .extracting(InputConfig::name)
        .containsExactly("airports", "flights");
    assertThat(config.steps())
        .extracting(TransformStep::name)
        .containsExactly("route_day_stats", "route_daily_delays");
    assertThat(((TransformStep.Sql) config.steps().get(1)).sql()).contains("rank() OVER");
    assertThat(config.outputs().get(0).writer().path()).isEqualTo("out/curated/route_daily_delays");
    assertThat(config.reportPath()).isEqualTo("out/curated/_reports/flights-refined-to-curated");
    assertThat(config.tables().get("route_daily_delays").qualifiedName())
        .isEqualTo("curated.route_daily_delays");
  }

  @Test
  void catalogRegistrationNeedsADatabaseAndValidTableNames() {
    JobArguments noDatabase =
        JobArguments.parse(
            "--config",
            "../conf/flights-refined-to-curated.yaml",
            "--env",
            "local",
            "--catalog.database",
            "");
    assertThatThrownBy(
            () ->
                RefinedToCuratedConfig.from(
                    ConfigLoader.load(noDatabase, CurateKeys.SCHEMA, Map.of()),
                    noDatabase,
                    Map.of()))
        .hasMessageContaining("catalog.database is not set");
    JobArguments badTable =
        JobArguments.parse(
            "--config",
            "../conf/flights-refined-to-curated.yaml",
            "--env",
            "local",
            "--output.route_daily_delays.table",
            "Route-Delays");
    assertThatThrownBy(
            () ->
                RefinedToCuratedConfig.from(
                    ConfigLoader.load(badTable, CurateKeys.SCHEMA, Map.of()), badTable, Map.of()))
        .hasMessageContaining("output.route_daily_delays.table");
  }

  @Test
  void reportsEveryProblemWithItsKey() {
    String spec = " (from " + folder.resolve("job.yaml") + "): ";
    assertThatThrownBy(
            () ->
                load(
                    job(
                        """
                        input:
                          flights: {pth: refined/flights, format: avro}
                          bad-name: {path: x}
                        transforms: [missing_sql, both, unknown_class, not_transform, no_ctor, listed_only]
                        transform:
                          missing_sql: {sql: sql/none.sql}
                          both: {sql: a.sql, class: x.Y}
                          unknown_class: {class: com.acme.Nope, input: flights}
                          not_transform: {class: %1$s$NotATransform, input: flights}
                          no_ctor: {class: %1$s$NeedsArgument, input: flights}
                          unlisted: {sql: a.sql}
                        output:
                          flights: {path: curated/flights, write-mode: upsert, max-records-per-file: -1, table: Route-Delays}
                        """
                            .formatted(TRANSFORMS))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "input.bad-name: 'bad-name' is not a valid name; use letters, digits and _"
                            + " (a SQL identifier)",
                        "input.flights.pth"
                            + spec
                            + "unknown attribute, did you mean 'path'?; expected filter, format,"
                            + " incremental, options.*, path, schema",
                        "input.flights.path: missing required attribute (File or folder to read;"
                            + " a partitioned Parquet table is read from its root)",
                        "input.flights.format" + spec + "'avro' is not one of json, csv, parquet",
                        "Cannot read transform.missing_sql.sql file "
                            + folder.resolve("sql/none.sql")
                            + ": file not found",
                        "transform.both.sql / transform.both.class: set exactly one: a SQL file or"
                            + " a Java class",
                        "transform.unknown_class.class: cannot load transform class"
                            + " 'com.acme.Nope': not found on the class path (is its jar added to"
                            + " the job?)",
                        "transform.not_transform.class: class '"
                            + TRANSFORMS
                            + "$NotATransform' does not implement "
                            + DatasetTransform.class.getName(),
                        "transform.no_ctor.class: class '"
                            + TRANSFORMS
                            + "$NeedsArgument' has no public no-argument constructor",
                        "transforms: step 'listed_only' has no transform.listed_only.sql or"
                            + " transform.listed_only.class",
                        "transform.unlisted: step is not listed in transforms, so it would never"
                            + " run; add it there or remove it",
                        "output.flights.max-records-per-file"
                            + spec
                            + "'-1' is not a positive number",
                        "output.flights.write-mode"
                            + spec
                            + "'upsert' is not one of overwrite-partitions, append",
                        "output.flights.table"
                            + spec
                            + "'Route-Delays' is not lower-case letters, digits and underscores"));
  }

  @Test
  void namesMustReferToEarlierDatasets() {
    assertThatThrownBy(
            () ->
                load(
                    job(
                        """
                        input.flights.path: refined/flights
                        transforms: [late, flights]
                        transform:
                          late: {class: %1$s$AtLeast, input: later}
                          flights: {class: %1$s$AtLeast, input: late}
                        output:
                          summary: {path: curated/summary, reconcile-with: late}
                        """
                            .formatted(TRANSFORMS))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot configure transform.late.input: 'later' is neither an input nor an earlier"
                + " step; known: [flights]")
        .hasMessageContaining(
            "Cannot configure transform flights: the name is already used by an input or an"
                + " earlier step")
        .hasMessageContaining(
            "Cannot configure output.summary: no input or transform step produces a dataset"
                + " 'summary'; known: [flights, late]")
        .hasMessageContaining(
            "Cannot configure output.summary.reconcile-with: 'late' is not an input; inputs:"
                + " [flights]");
  }

  @Test
  void anUnpartitionedOverwriteMayHoldTheReports() throws IOException {
    // The publish replaces the data files at the output's root only, not its _reports folder.
    assertThat(
            load("job.name: curate\nruntime: local\nreport.path: curated/all/_reports\n"
                    + "input.flights.path: refined/flights\ntransforms: []\n"
                    + "output.flights.path: curated/all\n")
                .outputs())
        .singleElement()
        .satisfies(output -> assertThat(output.writer().partitionBy()).isEmpty());
  }

  @Test
  void quarantineMaxRatioDefaultsToHalfAndCanBeTurnedOff() throws IOException {
    String base = job("input.flights.path: refined/flights\noutput.flights.path: curated/all\n");

    assertThat(load(base).quarantineMaxRatio())
        .contains(Ratio.parse("quarantine.max-ratio", "50%"));
    assertThat(load(base + "quarantine.max-ratio: 0.1\n").quarantineMaxRatio())
        .contains(Ratio.parse("quarantine.max-ratio", "10%"));
    assertThat(load(base + "quarantine.max-ratio: \"off\"\n").quarantineMaxRatio()).isEmpty();
  }

  @Test
  void inputsOutputsAndReportPathAreRequired() {
    assertThatThrownBy(() -> load("job.name: curate\nruntime: local\ntransforms: []\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("input: missing required key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("transforms:"))
        .hasMessageContaining("output: missing required key")
        .hasMessageContaining("report.path: missing required key");
  }

  @Test
  void sectionsNeedAttributes() {
    assertThatThrownBy(
            () ->
                load(job("input.flights: refined/flights\noutput.flights.path: curated/flights\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "input.flights (from "
                + folder.resolve("job.yaml")
                + "): 'refined/flights' is a single value, expected attributes like"
                + " input.flights.<attribute>");
  }

  @Test
  void sqlPathsResolveAgainstTheSpecFolder() {
    JobArguments arguments = JobArguments.parse("--config", "s3://conf/jobs/curate.yaml");

    assertThat(ConfigLoader.resolveRelative(arguments, "sql/a.sql"))
        .isEqualTo("s3://conf/jobs/sql/a.sql");
    assertThat(ConfigLoader.resolveRelative(arguments, "/abs/a.sql")).isEqualTo("/abs/a.sql");
    assertThat(ConfigLoader.resolveRelative(arguments, "s3://other/a.sql"))
        .isEqualTo("s3://other/a.sql");
    assertThat(ConfigLoader.resolveRelative(JobArguments.empty(), "sql/a.sql"))
        .isEqualTo("sql/a.sql");
  }
}
