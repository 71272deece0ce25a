package dev.lakeetl.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static SparkConfig local(Optional<String> master, Map<String, String> conf) {
    return new SparkConfig(SparkRuntime.LOCAL, master, conf, S3Config.DEFAULT);
  }

  @Test
  void localSessionsBindToLoopbackWithoutUiAndWithTunedDefaults() {
    Map<String, String> settings =
        SparkSessions.settings(local(Optional.empty(), Map.of()), Optional.empty(), 8);

    assertThat(settings)
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.driver.host", "127.0.0.1")
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.sql.session.timeZone", "UTC")
        .containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .containsEntry("spark.sql.parquet.compression.codec", "snappy")
        .containsEntry("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .containsEntry("spark.sql.json.filterPushdown.enabled", "false")
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.sql.adaptive.coalescePartitions.enabled", "false")
        .containsEntry("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
        .containsEntry("spark.hadoop.fs.file.impl.disable.cache", "true")
        .containsEntry("spark.sql.files.maxPartitionBytes", "32m")
        .containsEntry("spark.sql.shuffle.partitions", "16");
  }

  @Test
  void masterComesFromConfigThenSparkSubmitThenAllCores() {
    assertThat(
            SparkSessions.settings(
                local(Optional.of("local[3]"), Map.of()), Optional.of("local[1]"), 8))
        .containsEntry("spark.master", "local[3]")
        .containsEntry("spark.sql.shuffle.partitions", "6");
    assertThat(
            SparkSessions.settings(local(Optional.empty(), Map.of()), Optional.of("local[1]"), 8))
        .containsEntry("spark.master", "local[1]")
        .containsEntry("spark.sql.shuffle.partitions", "2");
    assertThat(SparkSessions.cores("local", 8)).isEqualTo(1);
    assertThat(SparkSessions.cores("local[4,2]", 8)).isEqualTo(4);
    assertThat(SparkSessions.cores("spark://host:7077", 8)).isEqualTo(8);
  }

  @Test
  void userSparkConfOverridesDefaults() {
    Map<String, String> settings =
        SparkSessions.settings(
            local(
                Optional.empty(),
                Map.of("spark.ui.enabled", "true", "spark.sql.shuffle.partitions", "64")),
            Optional.empty(),
            2);

    assertThat(settings)
        .containsEntry("spark.ui.enabled", "true")
        .containsEntry("spark.sql.shuffle.partitions", "64");
  }

  @Test
  void managedRuntimesKeepTheirMasterAndBinding() {
    for (SparkRuntime runtime :
        new SparkRuntime[] {SparkRuntime.GLUE, SparkRuntime.EMR_SERVERLESS}) {
      Map<String, String> settings =
          SparkSessions.settings(
              new SparkConfig(runtime, Optional.empty(), Map.of(), S3Config.DEFAULT),
              Optional.of("yarn"),
              8);

      assertThat(settings)
          .doesNotContainKeys(
              "spark.master",
              "spark.driver.bindAddress",
              "spark.driver.host",
              "spark.ui.enabled",
              "spark.sql.shuffle.partitions",
              "spark.hadoop.fs.file.impl")
          .containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
          .containsEntry("spark.sql.sources.partitionOverwriteMode", "dynamic")
          .containsEntry("spark.sql.json.filterPushdown.enabled", "false")
          .containsEntry("spark.sql.adaptive.coalescePartitions.enabled", "true");
    }
  }

  @Test
  void localCatalogIsAnEmbeddedMetastoreInTheConfiguredFolder() {
    Map<String, String> settings =
        SparkSessions.settings(
            local(Optional.empty(), Map.of()), MetastoreConfig.local("out/metastore"));

    Path folder = Path.of("out/metastore").toAbsolutePath().normalize();
    assertThat(settings)
        .containsEntry("spark.sql.catalogImplementation", "hive")
        .containsEntry("spark.sql.warehouse.dir", folder.resolve("warehouse").toUri().toString())
        .containsEntry(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            "jdbc:derby:;databaseName=" + folder.resolve("metastore_db") + ";create=true")
        .containsEntry("spark.hadoop.datanucleus.schema.autoCreateAll", "true")
        .containsEntry("spark.ui.enabled", "false")
        .doesNotContainKey("spark.hadoop.hive.metastore.client.factory.class");
    assertThat(SparkSessions.settings(local(Optional.empty(), Map.of())))
        .as("sessions without a catalog stay as they were")
        .doesNotContainKeys("spark.sql.catalogImplementation", "spark.sql.warehouse.dir");
  }

  @Test
  void glueAndEmrUseTheGlueDataCatalogClient() {
    for (SparkRuntime runtime :
        new SparkRuntime[] {SparkRuntime.GLUE, SparkRuntime.EMR_SERVERLESS}) {
      Map<String, String> settings =
          SparkSessions.settings(
              new SparkConfig(runtime, Optional.empty(), Map.of(), S3Config.DEFAULT),
              MetastoreConfig.runtime());

      assertThat(settings)
          .containsEntry("spark.sql.catalogImplementation", "hive")
          .containsEntry(
              "spark.hadoop.hive.metastore.client.factory.class",
              "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory")
          .doesNotContainKeys(
              "spark.sql.warehouse.dir", "spark.hadoop.javax.jdo.option.ConnectionURL");
    }
  }

  @Test
  void userSparkConfOverridesTheMetastoreSettings() {
    SparkConfig config =
        new SparkConfig(
            SparkRuntime.EMR_SERVERLESS,
            Optional.empty(),
            Map.of("spark.hadoop.hive.metastore.client.factory.class", "my.Factory"),
            S3Config.DEFAULT);

    assertThat(SparkSessions.settings(config, MetastoreConfig.runtime()))
        .containsEntry("spark.hadoop.hive.metastore.client.factory.class", "my.Factory");
  }

  @Test
  void localCatalogWithoutFolderIsRejected() {
    assertThatThrownBy(
            () ->
                SparkSessions.settings(
                    local(Optional.empty(), Map.of()), MetastoreConfig.runtime()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog.local.path");
    assertThatThrownBy(() -> MetastoreConfig.local("s3://bucket/metastore"))
        .hasMessageContaining("needs a local folder, not a s3:// path");
  }

  @Test
  void s3SettingsForAnHttpEndpointWithStaticKeys() {
    S3Config s3 =
        new S3Config(
            Optional.of("http://127.0.0.1:9000"),
            Optional.of("eu-west-1"),
            true,
            Optional.of("AKIA"),
            Optional.of("secret"),
            Optional.empty());

    assertThat(SparkSessions.s3Settings(s3))
        .containsOnly(
            Map.entry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"),
            Map.entry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"),
            Map.entry("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1"),
            Map.entry("spark.hadoop.fs.s3a.path.style.access", "true"),
            Map.entry("spark.hadoop.fs.s3a.access.key", "AKIA"),
            Map.entry("spark.hadoop.fs.s3a.secret.key", "secret"),
            Map.entry(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"));
  }

  @Test
  void s3SessionTokenUsesTemporaryCredentials() {
    S3Config s3 =
        new S3Config(
            Optional.of("https://s3.eu-west-1.amazonaws.com"),
            Optional.empty(),
            false,
            Optional.of("ASIA"),
            Optional.of("secret"),
            Optional.of("token"));

    assertThat(SparkSessions.s3Settings(s3))
        .containsEntry("spark.hadoop.fs.s3a.session.token", "token")
        .containsEntry(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider")
        .doesNotContainKey("spark.hadoop.fs.s3a.connection.ssl.enabled");
    assertThat(SparkSessions.s3Settings(S3Config.DEFAULT)).isEmpty();
  }

  @Test
  void createJoinsTheRunningSessionAndAppliesSettings() {
    SparkSession shared = SharedSpark.session();
    S3Config s3 =
        new S3Config(
            Optional.of("http://127.0.0.1:1"),
            Optional.empty(),
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    // Keep the shared session's own shuffle and split sizes for the other tests.
    SparkConfig config =
        new SparkConfig(
            SparkRuntime.LOCAL,
            Optional.empty(),
            Map.of(
                "spark.sql.shuffle.partitions",
                shared.conf().get("spark.sql.shuffle.partitions"),
                "spark.sql.files.maxPartitionBytes",
                shared.conf().get("spark.sql.files.maxPartitionBytes")),
            s3);

    SparkSession spark = SparkSessions.create(config, "lakeetl-session-test");

    assertThat(spark).isSameAs(shared);
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
    assertThat(spark.conf().get("spark.sql.parquet.outputTimestampType"))
        .isEqualTo("TIMESTAMP_MICROS");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(spark.sparkContext().getConf().get("spark.driver.bindAddress"))
        .isEqualTo("127.0.0.1");
    assertThat(spark.sparkContext().getConf().get("spark.ui.enabled")).isEqualTo("false");
    assertThat(spark.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint"))
        .isEqualTo("http://127.0.0.1:1");
    assertThat(spark.sparkContext().hadoopConfiguration().get("io.compression.codecs"))
        .contains(
            "org.apache.hadoop.io.compress.GzipCodec",
            "org.apache.hadoop.io.compress.BZip2Codec",
            "dev.lakeetl.io.compress.ZstdCodec");
  }
}
