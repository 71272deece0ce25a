package dev.lakeetl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.catalog.TableRegistrar.SchemaAction;
import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.spark.MetastoreConfig;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The schema comparison and the policy's decision, without a metastore. */
class SchemaChangeTest {
  private static final TableSchema REGISTERED =
      schema("origin STRING, delay INT, year STRING, day STRING", "year", "day");

  private static TableSchema schema(String ddl, String... partitionBy) {
    return TableSchema.of(StructType.fromDDL(ddl), List.of(partitionBy));
  }

  private static CatalogConfig config(SchemaChangePolicy policy) {
    return new CatalogConfig("refined", "flights", policy, MetastoreConfig.runtime());
  }

  @Test
  void sameColumnsInAnotherOrderOrCaseAreNoChange() {
    TableSchema written =
        schema("DELAY INT, Origin STRING, year STRING, day STRING", "year", "day");

    SchemaChange change = SchemaChange.between(REGISTERED, written);

    assertThat(change.none()).isTrue();
    assertThat(change.describe()).isEqualTo("no change");
    for (SchemaChangePolicy policy : SchemaChangePolicy.values()) {
      assertThat(TableRegistrar.decide(config(policy), REGISTERED, written, change))
          .isEqualTo(SchemaAction.NOTHING);
    }
  }

  @Test
  void newColumnIsACompatibleChange() {
    TableSchema written =
        schema("origin STRING, delay INT, gate STRING, year STRING, day STRING", "year", "day");

    SchemaChange change = SchemaChange.between(REGISTERED, written);

    assertThat(change.compatible()).isTrue();
    assertThat(change.none()).isFalse();
    assertThat(change.added()).extracting(field -> field.name()).containsExactly("gate");
    assertThat(change.describe()).isEqualTo("added: gate string");
  }

  @Test
  void typeChangesDroppedColumnsAndOtherPartitionColumnsAreIncompatible() {
    SchemaChange typeAndDrop =
        SchemaChange.between(
            REGISTERED, schema("delay BIGINT, year STRING, day STRING", "year", "day"));
    SchemaChange partitioning =
        SchemaChange.between(
            REGISTERED, schema("origin STRING, delay INT, year STRING, day STRING", "day", "year"));
    SchemaChange partitionType =
        SchemaChange.between(
            REGISTERED, schema("origin STRING, delay INT, year INT, day STRING", "year", "day"));

    assertThat(typeAndDrop.compatible()).isFalse();
    assertThat(typeAndDrop.describe())
        .isEqualTo("type changed: delay: int -> bigint; dropped: origin");
    assertThat(partitioning.partitioningChanged()).isTrue();
    assertThat(partitioning.describe()).isEqualTo("partition columns changed");
    assertThat(partitionType.partitioningChanged()).isTrue();
  }

  @Test
  void addColumnsPolicyAddsNewColumnsAndRejectsIncompatibleChanges() {
    TableSchema wider =
        schema("origin STRING, delay INT, gate STRING, year STRING, day STRING", "year", "day");
    TableSchema changed =
        schema("origin STRING, delay STRING, year STRING, day STRING", "year", "day");
    CatalogConfig config = config(SchemaChangePolicy.ADD_COLUMNS);

    assertThat(
            TableRegistrar.decide(
                config, REGISTERED, wider, SchemaChange.between(REGISTERED, wider)))
        .isEqualTo(SchemaAction.ADD_COLUMNS);
    assertThatThrownBy(
            () ->
                TableRegistrar.decide(
                    config, REGISTERED, changed, SchemaChange.between(REGISTERED, changed)))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "Cannot register table refined.flights: the written schema is incompatible with the"
                + " registered one (type changed: delay: int -> string) and"
                + " catalog.schema-change is add-columns; set"
                + " catalog.schema-change=allow-incompatible to change the table's columns in"
                + " place, or write the old schema");
  }

  @Test
  void allowIncompatiblePolicyChangesTheColumnsButNotThePartitionColumns() {
    TableSchema changed =
        schema("origin STRING, delay STRING, year STRING, day STRING", "year", "day");
    TableSchema repartitioned = schema("origin STRING, delay INT, day STRING", "day");
    CatalogConfig config = config(SchemaChangePolicy.ALLOW_INCOMPATIBLE);

    assertThat(
            TableRegistrar.decide(
                config, REGISTERED, changed, SchemaChange.between(REGISTERED, changed)))
        .isEqualTo(SchemaAction.CHANGE_COLUMNS);
    assertThatThrownBy(
            () ->
                TableRegistrar.decide(
                    config,
                    REGISTERED,
                    repartitioned,
                    SchemaChange.between(REGISTERED, repartitioned)))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "Cannot register table refined.flights: its partition columns would change from"
                + " (year string, day string) to (day string), which no catalog.schema-change"
                + " allows; keep target.partition-by, or write to another target.path and"
                + " catalog.table");
  }

  @Test
  void failPolicyRejectsEvenANewColumn() {
    TableSchema wider =
        schema("origin STRING, delay INT, gate STRING, year STRING, day STRING", "year", "day");

    assertThatThrownBy(
            () ->
                TableRegistrar.decide(
                    config(SchemaChangePolicy.FAIL),
                    REGISTERED,
                    wider,
                    SchemaChange.between(REGISTERED, wider)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("differs from the registered one (added: gate string)")
        .hasMessageContaining("catalog.schema-change is fail")
        .hasMessageContaining("set catalog.schema-change=add-columns to add the columns");
  }

  @Test
  void partitionFoldersBecomeSqlPartitionSpecs() {
    assertThat(TableRegistrar.partitionSpec("year=2001/day=15", List.of("year", "day")))
        .isEqualTo("`year`='2001', `day`='15'");
    // Folder names are escaped as Spark writes them; the spec holds the value itself.
    assertThat(TableRegistrar.partitionSpec("origin=O%27Hare%2F1", List.of("origin")))
        .isEqualTo("`origin`='O\\'Hare/1'");
    assertThatThrownBy(() -> TableRegistrar.partitionSpec("day=15", List.of("year", "day")))
        .hasMessage(
            "Cannot register partition 'day=15': expected the partition columns [year, day]");
  }

  @Test
  void partitionColumnsMustBeWritten() {
    assertThatThrownBy(() -> schema("origin STRING", "day"))
        .hasMessage(
            "Cannot register table: partition-by names 'day', which is not a column of the data;"
                + " columns are [origin]");
  }
}
