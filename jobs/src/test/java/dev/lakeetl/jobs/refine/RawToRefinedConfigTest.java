package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RawToRefinedConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> values = new HashMap<>();
    values.put("job.name", "flights");
    values.put("runtime", "local");
    values.put("source.path", "raw/flights");
    values.put("source.format", "json");
    values.put("target.path", "refined/flights");
    values.put("target.write-mode", "append");
    return values;
  }

  private static RawToRefinedConfig config(Map<String, String> values) {
    return RawToRefinedConfig.from(
        Settings.of(RefineKeys.SCHEMA, values), JobArguments.empty(), Map.of());
  }

  @Test
  void defaultsNormaliseToSnakeCaseWithoutChecksOrDedupe() {
    RawToRefinedConfig config = config(minimal());

    assertThat(config.rules().columnNaming()).isEqualTo(ColumnNaming.SNAKE_CASE);
    assertThat(config.rules().required()).isEmpty();
    assertThat(config.rules().deduplicates()).isFalse();
    assertThat(config.rules().eventTime()).isEmpty();
    assertThat(config.quarantinePath()).isEqualTo("refined/flights/_quarantine");
    assertThat(config.reportPath()).isEqualTo("refined/flights/_reports");
  }

  @Test
  void readsEveryTransformKey() {
    Map<String, String> values = minimal();
    values.put("transform.column-names", "as-is");
    values.put("transform.rename.Date", "departure_time");
    values.put("transform.required", "departure_time,Origin");
    values.put("transform.dedupe-key", "departure_time,Origin");
    values.put("transform.dedupe-order-by", "Delay desc,Distance");
    values.put("transform.event-time", "departure_time");
    values.put("target.partition-by", "year,month");
    values.put("source.timestamp-format", "yyyy/MM/dd HH:mm");

    RefineRules rules = config(values).rules();

    assertThat(rules.columnNaming()).isEqualTo(ColumnNaming.AS_IS);
    assertThat(rules.renames()).isEqualTo(Map.of("Date", "departure_time"));
    assertThat(rules.required()).containsExactly("departure_time", "Origin");
    assertThat(rules.dedupeOrderBy())
        .containsExactly(
            new DedupeOrder("Delay", DedupeOrder.Direction.DESC),
            new DedupeOrder("Distance", DedupeOrder.Direction.ASC));
    assertThat(rules.eventTime()).contains("departure_time");
    assertThat(rules.partitionBy()).isEqualTo(List.of("year", "month"));
    assertThat(rules.formats().timestampFormat()).isEqualTo(Optional.of("yyyy/MM/dd HH:mm"));
  }

  @Test
  void badTransformValuesAreConfigErrorsNamingTheKey() {
    Map<String, String> naming = minimal();
    naming.put("transform.column-names", "camel-case");
    assertThatThrownBy(() -> config(naming))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transform.column-names")
        .hasMessageContaining("camel-case");

    Map<String, String> order = minimal();
    order.put("transform.dedupe-key", "id");
    order.put("transform.dedupe-order-by", "delay sideways");
    assertThatThrownBy(() -> config(order))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transform.dedupe-order-by");

    Map<String, String> orderWithoutKey = minimal();
    orderWithoutKey.put("transform.dedupe-order-by", "delay");
    assertThatThrownBy(() -> config(orderWithoutKey))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot configure deduplication: transform.dedupe-order-by is set but"
                + " transform.dedupe-key is empty");
  }

  @Test
  void unpartitionedOverwriteMayHoldReportsAndQuarantine() {
    // The publish replaces the data files at the target's root, not its _-folders.
    Map<String, String> values = minimal();
    values.put("target.write-mode", "overwrite-partitions");
    RawToRefinedConfig config = config(values);
    assertThat(config.quarantinePath()).isEqualTo("refined/flights/_quarantine");
    assertThat(config.reportPath()).isEqualTo("refined/flights/_reports");
  }

  @Test
  void unpartitionedOverwriteCannotRunIncrementally() {
    Map<String, String> values = minimal();
    values.put("target.write-mode", "overwrite-partitions");
    values.put("quarantine.path", "quarantine/flights");
    values.put("report.path", "reports/flights");
    values.put("source.path", "raw/flights/{yyyy}/{MM}/{dd}");
    values.put("incremental.mode", "bookmark");
    assertThatThrownBy(() -> config(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "with target.write-mode=overwrite-partitions: target.partition-by is empty, so the days"
                + " this run reads would replace the whole table with only their own rows");
    values.remove("incremental.mode");
    values.put("incremental.run-date", "2001-01-02");
    assertThatThrownBy(() -> config(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot run run-date 2001-01-02 with target.write-mode");
  }

  @Test
  void incrementalModesTheSourceCannotSupportAreConfigErrors() {
    Map<String, String> runDate = minimal();
    runDate.put("incremental.run-date", "2001-01-02");
    assertThatThrownBy(() -> config(runDate))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot select run date 2001-01-02: source.path 'raw/flights' has no day in it");

    Map<String, String> bookmark = minimal();
    bookmark.put("incremental.mode", "bookmark");
    bookmark.put("target.partition-by", "year");
    bookmark.put("transform.event-time", "date");
    bookmark.put("target.write-mode", "overwrite-partitions");
    assertThatThrownBy(() -> config(bookmark))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot use incremental.mode=bookmark with target.write-mode=overwrite-partitions");

    bookmark.put("source.path", "raw/flights/{yyyy}/{MM}/{dd}");
    assertThatThrownBy(() -> config(bookmark))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "with target.write-mode=overwrite-partitions: target.partition-by [year] is coarser"
                + " than a day (no month, day)");
    bookmark.put("target.partition-by", "year,month,day");
    assertThat(config(bookmark).incremental().bookmarkPath())
        .isEqualTo("refined/flights/_bookmarks/flights");
    bookmark.put("target.partition-by", "");
    assertThatThrownBy(() -> config(bookmark))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target.partition-by is empty");
    bookmark.put("target.write-mode", "append");
    assertThat(config(bookmark).target().partitionBy()).isEmpty();
  }
}
