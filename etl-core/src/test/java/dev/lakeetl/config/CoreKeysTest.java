package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.io.CsvOptions;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.S3Config;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Records every core key's contract and maps every one of them to a record field. */
class CoreKeysTest {
  private static final Map<String, String> MINIMAL =
      Map.of(
          "job.name", "flights-raw-to-refined",
          "source.path", "s3://acme-raw/flights/",
          "source.format", "json",
          "target.path", "s3://acme-refined/flights");

  /** name -> "type default required secret": changing a default or type must change this test. */
  @Test
  void recordsTypesAndDefaults() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("job.name", "string - required");
    expected.put("job.description", "string -");
    expected.put("runtime", "auto|local|glue|emr-serverless auto");
    expected.put("spark.master", "string -");
    expected.put("spark.conf", "map {}");
    expected.put("s3.endpoint", "string -");
    expected.put("s3.region", "string -");
    expected.put("s3.path-style-access", "bool false");
    expected.put("s3.access-key", "string - secret");
    expected.put("s3.secret-key", "string - secret");
    expected.put("s3.session-token", "string - secret");
    expected.put("catalog.local.path", "string -");
    expected.put("source.path", "list - required");
    expected.put("source.format", "json|csv|parquet - required");
    expected.put("source.multiline", "bool false");
    expected.put("source.schema", "string -");
    expected.put("source.csv.header", "bool true");
    expected.put("source.csv.delimiter", "string ,");
    expected.put("source.csv.quote", "string \"");
    expected.put("source.csv.escape", "string \\");
    expected.put("source.timestamp-format", "string -");
    expected.put("source.date-format", "string -");
    expected.put("source.empty-as-null", "bool true");
    expected.put("source.null-values", "list []");
    expected.put("source.recursive", "bool true");
    expected.put("source.options", "map {}");
    expected.put("target.path", "string - required");
    expected.put("target.partition-by", "list []");
    expected.put("target.compression", "string snappy");
    expected.put("target.max-records-per-file", "long 2000000");
    expected.put("target.write-mode", "overwrite-partitions|append overwrite-partitions");
    expected.put("quarantine.path", "string -");
    expected.put("quarantine.max-ratio", "string 50%");
    expected.put("report.path", "string -");
    expected.put("lease.wait", "duration 4m");
    expected.put("catalog.enabled", "bool false");
    expected.put("catalog.database", "string -");
    expected.put("catalog.table", "string -");
    expected.put("catalog.schema-change", "add-columns|allow-incompatible|fail add-columns");

    Map<String, String> actual = new LinkedHashMap<>();
    for (ConfigKey<?> key : CoreKeys.SCHEMA.keys()) {
      String contract =
          key.typeName()
              + " "
              + key.defaultValue().map(key::format).orElse("-")
              + (key.isRequired() ? " required" : "")
              + (key.isSecret() ? " secret" : "");
      actual.put(key.name(), contract);
      assertThat(key.description()).as("description of %s", key.name()).isNotBlank();
    }
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void defaultsMapToRecords() {
    Settings settings = Settings.of(CoreKeys.SCHEMA, MINIMAL);
    assertThat(CoreConfigs.source(settings))
        .isEqualTo(
            new SourceConfig(
                List.of("s3://acme-raw/flights/"),
                SourceFormat.JSON,
                false,
                Optional.empty(),
                CsvOptions.DEFAULT,
                Optional.empty(),
                Optional.empty(),
                true,
                Map.of(),
                NullValues.DEFAULT));
    assertThat(CoreConfigs.writer(settings))
        .isEqualTo(
            new WriterConfig(
                "s3://acme-refined/flights",
                List.of(),
                "snappy",
                2_000_000L,
                WriteMode.OVERWRITE_PARTITIONS));
    assertThat(CoreConfigs.spark(settings, JobArguments.empty(), Map.of()).s3())
        .isEqualTo(S3Config.DEFAULT);
    assertThat(CoreConfigs.spark(settings, JobArguments.empty(), Map.of()).conf()).isEmpty();
    assertThat(CoreConfigs.spark(settings, JobArguments.empty(), Map.of()).master()).isEmpty();
    assertThat(CoreConfigs.jobName(settings)).isEqualTo("flights-raw-to-refined");
    assertThat(CoreConfigs.quarantinePath(settings))
        .isEqualTo("s3://acme-refined/flights/_quarantine");
    assertThat(CoreConfigs.reportPath(settings)).isEqualTo("s3://acme-refined/flights/_reports");
    assertThat(CoreConfigs.quarantineMaxRatio(settings))
        .contains(Ratio.parse("quarantine.max-ratio", "0.5"));
  }

  @Test
  void explicitValueForEveryCoreKeyMapsToItsRecordField() {
    Map<String, String> values = new TreeMap<>();
    values.put("job.name", "flights-raw-to-refined");
    values.put("job.description", "Flights from raw JSON to refined Parquet");
    values.put("runtime", "emr-serverless");
    values.put("spark.master", "local[4]");
    values.put("spark.conf.spark.sql.shuffle.partitions", "64");
    values.put("s3.endpoint", "http://127.0.0.1:9000");
    values.put("s3.region", "eu-west-1");
    values.put("s3.path-style-access", "true");
    values.put("s3.access-key", "AKIAEXAMPLE");
    values.put("s3.secret-key", "SECRETEXAMPLE");
    values.put("s3.session-token", "TOKENEXAMPLE");
    values.put("source.path", "s3://acme-raw/flights/a,s3://acme-raw/flights/b");
    values.put("source.format", "csv");
    values.put("source.multiline", "true");
    values.put("source.schema", "id BIGINT, carrier STRING");
    values.put("source.csv.header", "false");
    values.put("source.csv.delimiter", "|");
    values.put("source.csv.quote", "'");
    values.put("source.csv.escape", "'");
    values.put("source.timestamp-format", "yyyy-MM-dd HH:mm:ss");
    values.put("source.date-format", "yyyy-MM-dd");
    values.put("source.empty-as-null", "false");
    values.put("source.null-values", "NA, n/a");
    values.put("source.recursive", "false");
    values.put("source.options.mode", "FAILFAST");
    values.put("target.path", "s3://acme-refined/flights");
    values.put("target.partition-by", "year,month,day");
    values.put("target.compression", "zstd");
    values.put("target.max-records-per-file", "500000");
    values.put("target.write-mode", "append");
    values.put("quarantine.path", "s3://acme-quarantine/flights");
    values.put("quarantine.max-ratio", "0.05");
    values.put("report.path", "s3://acme-reports/flights");
    values.put("lease.wait", "30s");
    values.put("catalog.enabled", "true");
    values.put("catalog.database", "refined");
    values.put("catalog.table", "flights");
    values.put("catalog.schema-change", "fail");
    values.put("catalog.local.path", "out/metastore");

    // Every core key is set here; a new key fails this test until it is mapped below.
    List<String> covered =
        CoreKeys.SCHEMA.keys().stream()
            .filter(key -> values.keySet().stream().anyMatch(name -> key.matches(name)))
            .map(ConfigKey::name)
            .collect(Collectors.toList());
    assertThat(covered)
        .containsExactlyElementsOf(
            CoreKeys.SCHEMA.keys().stream().map(ConfigKey::name).collect(Collectors.toList()));

    Settings settings = Settings.of(CoreKeys.SCHEMA, values);
    // Every explicit value differs from its default.
    for (ConfigKey<?> key : CoreKeys.SCHEMA.keys()) {
      Object value = settings.get(key);
      assertThat(value).as(key.name()).isNotEqualTo(key.defaultValue().orElse(null));
    }

    assertThat(CoreConfigs.jobName(settings)).isEqualTo("flights-raw-to-refined");
    assertThat(settings.get(CoreKeys.JOB_DESCRIPTION))
        .isEqualTo("Flights from raw JSON to refined Parquet");
    assertThat(CoreConfigs.source(settings))
        .isEqualTo(
            new SourceConfig(
                List.of("s3://acme-raw/flights/a", "s3://acme-raw/flights/b"),
                SourceFormat.CSV,
                true,
                Optional.of("id BIGINT, carrier STRING"),
                new CsvOptions(false, "|", "'", "'"),
                Optional.of("yyyy-MM-dd HH:mm:ss"),
                Optional.of("yyyy-MM-dd"),
                false,
                Map.of("mode", "FAILFAST"),
                new NullValues(false, List.of("NA", "n/a"))));
    assertThat(CoreConfigs.writer(settings))
        .isEqualTo(
            new WriterConfig(
                "s3://acme-refined/flights",
                List.of("year", "month", "day"),
                "zstd",
                500_000L,
                WriteMode.APPEND));
    assertThat(CoreConfigs.spark(settings, JobArguments.empty(), Map.of()))
        .isEqualTo(
            new SparkConfig(
                SparkRuntime.EMR_SERVERLESS,
                Optional.of("local[4]"),
                Map.of("spark.sql.shuffle.partitions", "64"),
                new S3Config(
                    Optional.of("http://127.0.0.1:9000"),
                    Optional.of("eu-west-1"),
                    true,
                    Optional.of("AKIAEXAMPLE"),
                    Optional.of("SECRETEXAMPLE"),
                    Optional.of("TOKENEXAMPLE"))));
    assertThat(CoreConfigs.quarantinePath(settings)).isEqualTo("s3://acme-quarantine/flights");
    assertThat(CoreConfigs.reportPath(settings)).isEqualTo("s3://acme-reports/flights");
    assertThat(CoreConfigs.quarantineMaxRatio(settings))
        .contains(Ratio.parse("quarantine.max-ratio", "5%"));
    assertThat(CatalogConfig.from(settings, SparkRuntime.LOCAL))
        .contains(
            new CatalogConfig(
                "refined",
                "flights",
                SchemaChangePolicy.FAIL,
                MetastoreConfig.local("out/metastore")));
  }

  @Test
  void quarantineMaxRatioIsAShareAPercentageOrOff() {
    Map<String, String> values = new TreeMap<>(MINIMAL);
    values.put("quarantine.max-ratio", "off");
    assertThat(CoreConfigs.quarantineMaxRatio(Settings.of(CoreKeys.SCHEMA, values))).isEmpty();

    values.put("quarantine.max-ratio", "150%");
    assertThatThrownBy(() -> Settings.of(CoreKeys.SCHEMA, values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("quarantine.max-ratio (from ")
        .hasMessageContaining(
            "'150%' is not a share from 0 to 1 such as 0.1, a percentage such as 10%, or off");
  }
}
