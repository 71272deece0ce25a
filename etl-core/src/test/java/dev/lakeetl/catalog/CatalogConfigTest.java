package dev.lakeetl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.config.Settings;
import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.spark.SparkRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {
  private static Settings settings(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    values.put("job.name", "j");
    values.put("source.path", "in");
    values.put("source.format", "json");
    values.put("target.path", "out/refined/flights");
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.of(CoreKeys.SCHEMA, values);
  }

  @Test
  void catalogIsOffByDefault() {
    assertThat(CatalogConfig.from(settings("catalog.table", "flights"), SparkRuntime.LOCAL))
        .isEmpty();
  }

  @Test
  void enabledCatalogOnALocalRunUsesTheMetastoreFolder() {
    Settings settings =
        settings(
            "catalog.enabled", "true",
            "catalog.database", "refined",
            "catalog.table", "flights",
            "catalog.local.path", "out/metastore");

    assertThat(CatalogConfig.from(settings, SparkRuntime.LOCAL))
        .contains(
            new CatalogConfig(
                "refined",
                "flights",
                SchemaChangePolicy.ADD_COLUMNS,
                MetastoreConfig.local("out/metastore")));
    assertThat(CatalogConfig.from(settings, SparkRuntime.GLUE).orElseThrow().metastore())
        .isEqualTo(MetastoreConfig.runtime());
  }

  @Test
  void enabledCatalogNeedsItsKeys() {
    assertThatThrownBy(
            () -> CatalogConfig.from(settings("catalog.enabled", "true"), SparkRuntime.LOCAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "catalog.enabled is true but catalog.database, catalog.table, catalog.local.path are"
                + " not set (runtime local)");
    assertThat(
            CatalogConfig.from(
                settings(
                    "catalog.enabled", "true",
                    "catalog.database", "refined",
                    "catalog.table", "flights",
                    "catalog.schema-change", "allow-incompatible"),
                SparkRuntime.EMR_SERVERLESS))
        .map(CatalogConfig::schemaChange)
        .isEqualTo(Optional.of(SchemaChangePolicy.ALLOW_INCOMPATIBLE));
  }

  @Test
  void namesAreWhatGlueAndAthenaAccept() {
    assertThatThrownBy(() -> settings("catalog.table", "Flights-Daily"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.table")
        .hasMessageContaining("lower-case letters, digits and underscores");
    assertThatThrownBy(
            () ->
                CatalogConfig.from(
                    settings(
                        "catalog.enabled", "true",
                        "catalog.database", "refined",
                        "catalog.table", "flights",
                        "catalog.local.path", "s3://bucket/metastore"),
                    SparkRuntime.LOCAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "catalog.local.path: Cannot use metastore folder 's3://bucket/metastore'");
  }
}
