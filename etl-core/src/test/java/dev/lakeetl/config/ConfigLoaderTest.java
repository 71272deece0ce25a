package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.SourceFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final ConfigKey<Integer> RETRIES =
      ConfigKey.integer("job.retries").withDefault(3).description("Retries per file");
  private static final ConfigSchema SCHEMA = CoreKeys.SCHEMA.plus(ConfigSchema.of(RETRIES));

  @TempDir Path directory;

  private Path write(String relative, String... lines) throws IOException {
    Path file = directory.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private Path spec(String... lines) throws IOException {
    return write("flights/raw-to-refined.yaml", lines);
  }

  private static Settings load(String... args) {
    return ConfigLoader.load(JobArguments.parse(args), SCHEMA, Map.of());
  }

  /**
   * Loads the required keys given as arguments (job j, JSON from in, to out), then {@code more}.
   */
  private static Settings loadRequiredAnd(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--job.name", "j",
                "--source.path", "in",
                "--source.format", "json",
                "--target.path", "out"));
    args.addAll(List.of(more));
    return load(args.toArray(String[]::new));
  }

  @Test
  void laterLayersOverrideEarlierOnesAndRecordOrigins() throws IOException {
    Path spec =
        spec(
            "job:",
            "  name: flights-raw-to-refined",
            "  retries: 5",
            "source:",
            "  path: s3://acme-raw/flights/",
            "  format: json",
            "target.path: s3://acme-refined/flights",
            "target.compression: zstd");
    Path overlay =
        write(
            "flights/env/dev.yaml",
            "source.path: s3://acme-dev-raw/flights/",
            "target:",
            "  path: s3://acme-dev-refined/flights",
            "  compression: gzip");

    Settings settings =
        load("--config", spec.toString(), "--env", "dev", "--target.compression=snappy");

    assertThat(settings.get(CoreKeys.JOB_NAME)).isEqualTo("flights-raw-to-refined");
    assertThat(settings.origin("job.name")).isEqualTo(spec.toString());
    assertThat(settings.get(RETRIES)).isEqualTo(5);
    assertThat(settings.get(CoreKeys.SOURCE_PATH)).containsExactly("s3://acme-dev-raw/flights/");
    assertThat(settings.origin("source.path")).isEqualTo("env overlay " + overlay);
    assertThat(settings.get(CoreKeys.TARGET_PATH)).isEqualTo("s3://acme-dev-refined/flights");
    assertThat(settings.get(CoreKeys.TARGET_COMPRESSION)).isEqualTo("snappy");
    assertThat(settings.origin("target.compression")).isEqualTo("argument --target.compression");
    assertThat(settings.get(CoreKeys.SOURCE_FORMAT)).isEqualTo(SourceFormat.JSON);
    assertThat(settings.get(CoreKeys.TARGET_MAX_RECORDS_PER_FILE)).isEqualTo(2_000_000L);
    assertThat(settings.origin("target.max-records-per-file")).isEqualTo("default");
    assertThat(settings.origin("source.schema")).isEqualTo("not set");
    assertThat(settings.find(CoreKeys.SOURCE_SCHEMA)).isEmpty();

    assertThat(settings.describe())
        .contains(
            "job.name = flights-raw-to-refined  (" + spec + ")",
            "source.path = [s3://acme-dev-raw/flights/]  (env overlay " + overlay + ")",
            "target.compression = snappy  (argument --target.compression)",
            "target.write-mode = overwrite-partitions  (default)",
            "job.retries = 5  (" + spec + ")")
        .isSorted();
  }

  @Test
  void glueRunWithSpecOverlayAndOverride() throws IOException {
    Path spec =
        spec(
            "job.name: flights",
            "source: {path: '${lake}/raw/flights/', format: json}",
            "target.path: ${lake}/refined/flights");
    write("flights/env/prod.yaml", "vars.lake: s3://acme-lake");
    JobArguments arguments =
        JobArguments.parse(
            "--JOB_ID", "j_1",
            "--JOB_RUN_ID", "jr_1",
            "--job-bookmark-option", "job-bookmark-disable",
            "--TempDir", "s3://tmp/",
            "--JOB_NAME", "x",
            "--config", spec.toString(),
            "--env", "prod",
            "--source.path", "s3://acme-lake/raw/flights/2024-05-01/");

    Settings settings = ConfigLoader.load(arguments, SCHEMA, Map.of());

    assertThat(CoreConfigs.source(settings).paths())
        .containsExactly("s3://acme-lake/raw/flights/2024-05-01/");
    assertThat(CoreConfigs.writer(settings).path()).isEqualTo("s3://acme-lake/refined/flights");
    assertThat(CoreConfigs.spark(settings, arguments, Map.of()).runtime())
        .isEqualTo(dev.lakeetl.spark.SparkRuntime.GLUE);
    assertThat(settings.keyNames())
        .noneMatch(name -> name.startsWith("JOB_") || name.equals("TempDir"));
  }

  @Test
  void nestedMapsAndDottedKeysAreTheSame() throws IOException {
    Path nested =
        write(
            "a/nested.yaml",
            "job: {name: j}",
            "source: {path: [a, b], format: csv, csv: {header: false, delimiter: ';'}}",
            "target: {path: out, partition-by: [year, month]}",
            "spark: {conf: {spark.sql.shuffle.partitions: 4}}");
    Path dotted =
        write(
            "b/dotted.yaml",
            "job.name: j",
            "source.path: [a, b]",
            "source.format: csv",
            "source.csv.header: false",
            "source.csv.delimiter: ';'",
            "target.path: out",
            "target.partition-by: year, month",
            "spark.conf.spark.sql.shuffle.partitions: 4");

    for (Path file : List.of(nested, dotted)) {
      Settings settings = load("--config", file.toString());
      assertThat(settings.get(CoreKeys.SOURCE_PATH)).containsExactly("a", "b");
      assertThat(settings.get(CoreKeys.SOURCE_FORMAT)).isEqualTo(SourceFormat.CSV);
      assertThat(settings.get(CoreKeys.SOURCE_CSV_HEADER)).isFalse();
      assertThat(settings.get(CoreKeys.SOURCE_CSV_DELIMITER)).isEqualTo(";");
      assertThat(settings.get(CoreKeys.TARGET_PARTITION_BY)).containsExactly("year", "month");
      assertThat(settings.get(CoreKeys.SPARK_CONF))
          .isEqualTo(Map.of("spark.sql.shuffle.partitions", "4"));
    }
  }

  @Test
  void specCanBeGivenOnlyAsArguments() {
    Settings settings =
        load(
            "--job.name", "adhoc",
            "--source.path", "in1,in2",
            "--source.format", "PARQUET",
            "--target.path", "out");
    assertThat(settings.get(CoreKeys.SOURCE_PATH)).containsExactly("in1", "in2");
    assertThat(settings.get(CoreKeys.SOURCE_FORMAT)).isEqualTo(SourceFormat.PARQUET);
    assertThat(settings.origin("job.name")).isEqualTo("argument --job.name");
  }

  @Test
  void requiredKeysMustComeFromArgumentsWhenThereIsNoSpec() {
    assertThatThrownBy(() -> load("--job.name", "adhoc"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load configuration: 3 problems\n"
                + "  - source.path: missing required key (Input files or folders: a YAML list or"
                + " comma-separated); not set in arguments; set it there or pass --source.path"
                + " <value>\n"
                + "  - source.format: missing required key (Input file format); not set in"
                + " arguments; set it there or pass --source.format <value>\n"
                + "  - target.path: missing required key (Output folder (table root)); not set in"
                + " arguments; set it there or pass --target.path <value>");
  }

  @Test
  void reportsEveryProblemWithItsOrigin() throws IOException {
    Path spec =
        spec(
            "source.pth: s3://acme-raw/flights/",
            "source.format: xml",
            "source.multiline: sometimes",
            "target.path: out",
            "target.max-records-per-file: lots",
            "targt.compression: zstd");
    write("flights/env/qa.yaml", "job.retries: three", "runtime: lambda");

    assertThatThrownBy(
            () ->
                load(
                    "--config",
                    spec.toString(),
                    "--env",
                    "qa",
                    "--source.csv.header",
                    "maybe",
                    "--target.write-mode",
                    "upsert",
                    "--job.name",
                    "j"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            error ->
                assertThat(((ConfigException) error).problems())
                    .containsExactlyInAnyOrder(
                        "source.pth (from " + spec + "): unknown key, did you mean 'source.path'?",
                        "targt.compression (from "
                            + spec
                            + "): unknown key, did you mean 'target.compression'?",
                        "source.format (from " + spec + "): 'xml' is not one of json, csv, parquet",
                        "source.multiline (from "
                            + spec
                            + "): 'sometimes' is not a boolean (true or false)",
                        "target.max-records-per-file (from "
                            + spec
                            + "): 'lots' is not a long integer",
                        "job.retries (from env overlay "
                            + directory.resolve("flights/env/qa.yaml")
                            + "): 'three' is not an integer",
                        "runtime (from env overlay "
                            + directory.resolve("flights/env/qa.yaml")
                            + "): 'lambda' is not one of auto, local, glue, emr-serverless",
                        "source.csv.header (from argument --source.csv.header): 'maybe' is not a"
                            + " boolean (true or false)",
                        "target.write-mode (from argument --target.write-mode): 'upsert' is not"
                            + " one of overwrite-partitions, append",
                        "source.path: missing required key (Input files or folders: a YAML list or"
                            + " comma-separated); not set in "
                            + spec
                            + ", env overlay "
                            + directory.resolve("flights/env/qa.yaml")
                            + ", arguments; set it there or pass --source.path <value>"))
        .hasMessageStartingWith("Cannot load configuration: 10 problems\n  - ");
  }

  @Test
  void unknownKeyWithoutPlausibleHint() {
    assertThatThrownBy(() -> loadRequiredAnd("--completely.different", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load configuration: 1 problem\n"
                + "  - completely.different (from argument --completely.different): unknown key");
  }

  @Test
  void checksRulesOfKeys() {
    assertThatThrownBy(() -> loadRequiredAnd("--target.max-records-per-file", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "target.max-records-per-file (from argument --target.max-records-per-file): '0' is"
                + " not a positive number");
  }

  @Test
  void missingOverlayFileIsAnErrorNamingTheFile() throws IOException {
    Path spec = spec("job.name: j");
    assertThatThrownBy(() -> load("--config", spec.toString(), "--env", "prod"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot read env overlay "
                + directory.resolve("flights/env/prod.yaml")
                + ": file not found");
  }

  @Test
  void missingSpecFileIsAnErrorNamingTheFile() {
    String missing = directory.resolve("nope/job.yaml").toString();
    assertThatThrownBy(() -> load("--config", missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot read config file " + missing + ": file not found");
  }

  @Test
  void specFileAsFileUri() throws IOException {
    Path spec = spec("job.name: j", "source.path: in", "source.format: json", "target.path: out");
    write("flights/env/dev.yaml", "target.path: dev-out");
    Settings settings = load("--config", spec.toUri().toString(), "--env", "dev");
    assertThat(settings.get(CoreKeys.TARGET_PATH)).isEqualTo("dev-out");
    assertThat(settings.origin("target.path"))
        .startsWith("env overlay file:")
        .endsWith("/flights/env/dev.yaml");
  }

  @Test
  void overlayNeedsASpecFileAndAPlainName() throws IOException {
    assertThatThrownBy(() -> load("--env", "dev"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load env overlay 'dev': no --config given; overlays are read from <directory"
                + " of spec file>/env/dev.yaml");
    Path spec = spec("job.name: j");
    assertThatThrownBy(() -> load("--config", spec.toString(), "--env", "../secrets"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load env overlay '../secrets': --env must be a plain name such as dev, qa,"
                + " staging or prod");
  }

  @Test
  void overlayLivesNextToTheSpec() {
    assertThat(ConfigLoader.overlayLocation("s3://acme-conf/flights/job.yaml", "prod"))
        .isEqualTo("s3://acme-conf/flights/env/prod.yaml");
    assertThat(ConfigLoader.overlayLocation("conf/flights/job.yaml", "dev"))
        .isEqualTo("conf/flights/env/dev.yaml");
    assertThat(ConfigLoader.overlayLocation("job.yaml", "qa")).isEqualTo("env/qa.yaml");
  }

  @Test
  void s3IsReadThroughS3aWhenNoS3FileSystemIsRegistered() {
    Configuration plain = new Configuration();
    assertThat(ConfigLoader.hadoopPath("s3://acme-conf/flights/job.yaml", plain).toString())
        .isEqualTo("s3a://acme-conf/flights/job.yaml");
    assertThat(ConfigLoader.hadoopPath("s3a://acme-conf/job.yaml", plain).toString())
        .isEqualTo("s3a://acme-conf/job.yaml");

    // Glue and EMR register a FileSystem for s3://; then the path is kept.
    Configuration withS3 = new Configuration();
    withS3.setClass("fs.s3.impl", LocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    assertThat(ConfigLoader.hadoopPath("s3://acme-conf/flights/job.yaml", withS3).toString())
        .isEqualTo("s3://acme-conf/flights/job.yaml");
  }

  @Test
  void s3ArgumentsConfigureHowTheSpecIsRead() {
    Configuration configuration =
        ConfigLoader.hadoopConfiguration(
            JobArguments.parse(
                "--config", "s3://acme-conf/job.yaml",
                "--s3.endpoint", "http://127.0.0.1:9000",
                "--s3.path-style-access", "true",
                "--s3.access-key", "AKIAEXAMPLE",
                "--s3.secret-key", "SECRETEXAMPLE",
                "--spark.conf.spark.hadoop.fs.s3a.connection.maximum", "7"));
    assertThat(configuration.get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9000");
    assertThat(configuration.get("fs.s3a.path.style.access")).isEqualTo("true");
    assertThat(configuration.get("fs.s3a.access.key")).isEqualTo("AKIAEXAMPLE");
    assertThat(configuration.get("fs.s3a.secret.key")).isEqualTo("SECRETEXAMPLE");
    assertThat(configuration.get("fs.s3a.aws.credentials.provider"))
        .isEqualTo("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    assertThat(configuration.get("fs.s3a.connection.maximum")).isEqualTo("7");
    assertThat(ConfigLoader.hadoopConfiguration(JobArguments.empty()).get("fs.s3a.access.key"))
        .isNull();
  }

  @Test
  void nullInALaterLayerUnsetsTheKey() throws IOException {
    Path spec =
        spec(
            "job.name: j",
            "source: {path: in, format: csv, schema: 'id INT'}",
            "target.path: out",
            "target.compression: zstd",
            "spark.conf: {a.b: 1, c.d: 2}");
    write("flights/env/dev.yaml", "source.schema: ~", "target.compression:", "spark.conf: null");
    Settings settings = load("--config", spec.toString(), "--env", "dev");
    assertThat(settings.find(CoreKeys.SOURCE_SCHEMA)).isEmpty();
    assertThat(settings.get(CoreKeys.TARGET_COMPRESSION)).isEqualTo("snappy");
    assertThat(settings.get(CoreKeys.SPARK_CONF)).isEmpty();
  }

  @Test
  void keyGivenTwiceInOneFileIsAnError() throws IOException {
    Path spec = spec("job.name: j", "source:", "  path: a", "source.path: b");
    assertThatThrownBy(() -> load("--config", spec.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load configuration: 1 problem\n  - source.path (from "
                + spec
                + "): key is given twice");
  }

  @Test
  void malformedYamlNamesTheFile() throws IOException {
    Path spec = spec("job.name: j", "source: [unclosed");
    assertThatThrownBy(() -> load("--config", spec.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot parse config file " + spec + ": ");
    Path scalar = write("scalar.yaml", "just text");
    assertThatThrownBy(() -> load("--config", scalar.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot read config file " + scalar + ": expected a mapping of keys at the top level");
  }

  @Test
  void emptySpecFileIsAllowed() throws IOException {
    Path empty = write("empty.yaml", "# nothing yet");
    Settings settings = loadRequiredAnd("--config", empty.toString());
    assertThat(settings.get(CoreKeys.JOB_NAME)).isEqualTo("j");
  }
}
