package dev.lakeetl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.testing.TestHiveSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration against a real embedded Hive metastore: tables written by the partitioned writer and
 * registered here are queried back by name through Spark SQL.
 */
@Tag(TestHiveSpark.TAG)
class TableRegistrarTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final List<String> PARTITION_BY = List.of("day");
  private static final StructType FLIGHTS =
      StructType.fromDDL("origin STRING, delay INT, day STRING");

  @TempDir Path folder;

  private final SparkSession spark = TestHiveSpark.session();
  private final TableRegistrar registrar = new TableRegistrar(spark);

  @Test
  void registeredTableAndPartitionsAreQueryableByName() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> rows =
        rows(FLIGHTS, row("SEA", 5, "01"), row("LAX", 7, "01"), row("SEA", 1, "02"));
    WriteResult written = write(rows);

    Registration registration = register(catalog, rows, written);

    assertThat(registration.tableCreated()).isTrue();
    assertThat(registration.partitionsAdded()).isEqualTo(2);
    assertThat(spark.catalog().databaseExists("refined")).isTrue();
    assertThat(partitions(catalog)).containsExactly("day=01", "day=02");
    assertThat(
            spark
                .sql(
                    "SELECT day, count(*), sum(delay) FROM "
                        + catalog.qualifiedName()
                        + " GROUP BY day ORDER BY day")
                .collectAsList()
                .toString())
        .isEqualTo("[[01,2,12], [02,1,1]]");
    Row table =
        spark.sql("DESCRIBE TABLE EXTENDED " + catalog.qualifiedName()).collectAsList().stream()
            .filter(row -> row.getString(0).equals("Type"))
            .findFirst()
            .orElseThrow();
    assertThat(table.getString(1)).isEqualTo("EXTERNAL");
  }

  @Test
  void reRunRegistersOnlyTheNewPartitions() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"), row("SEA", 1, "02"));
    register(catalog, first, write(first));
    // Day 02 again (replaced in place) and a new day 03.
    Dataset<Row> second =
        rows(FLIGHTS, row("LAX", 2, "02"), row("LAX", 3, "03"), row("SFO", 4, "03"));

    Registration registration = register(catalog, second, write(second));

    assertThat(registration.tableCreated()).isFalse();
    assertThat(registration.partitionsAdded()).isEqualTo(1);
    assertThat(registration.partitionsKnown()).isEqualTo(1);
    assertThat(partitions(catalog)).containsExactly("day=01", "day=02", "day=03");
    assertThat(
            spark
                .sql("SELECT origin FROM " + catalog.qualifiedName() + " ORDER BY delay")
                .collectAsList()
                .toString())
        .isEqualTo("[[LAX], [LAX], [SFO], [SEA]]");
  }

  @Test
  void newColumnIsAddedAndReadsAsNullInOlderPartitions() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, first, write(first));
    StructType wider = StructType.fromDDL("origin STRING, delay INT, distance BIGINT, day STRING");
    Dataset<Row> second = rows(wider, row("LAX", 2, 954L, "02"));

    Registration registration = register(catalog, second, write(second));

    assertThat(registration.columnsAdded()).containsExactly("distance");
    assertThat(registration.tableReplaced()).isFalse();
    assertThat(
            spark
                .sql("SELECT origin, distance FROM " + catalog.qualifiedName() + " ORDER BY day")
                .collectAsList()
                .toString())
        .isEqualTo("[[SEA,null], [LAX,954]]");
  }

  @Test
  void incompatibleChangeFailsWithBothSchemasInTheMessage() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, first, write(first));
    StructType changed = StructType.fromDDL("delay STRING, day STRING");
    Dataset<Row> second = rows(changed, row("late", "02"));
    WriteResult written = write(second);

    assertThatThrownBy(() -> register(catalog, second, written))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Cannot register table " + catalog.qualifiedName())
        .hasMessageContaining("type changed: delay: int -> string; dropped: origin")
        .hasMessageContaining("catalog.schema-change is add-columns")
        .hasMessageContaining("registered: (origin string, delay int) partitioned by (day string)")
        .hasMessageContaining("written:    (delay string) partitioned by (day string)");
    // The table is left as it was.
    assertThat(spark.table(catalog.qualifiedName()).schema().simpleString())
        .isEqualTo("struct<origin:string,delay:int,day:string>");
    assertThat(partitions(catalog)).containsExactly("day=01");
  }

  @Test
  void incompatibleChangeReplacesTheDefinitionWhenAllowed() {
    CatalogConfig catalog = catalog("curated", SchemaChangePolicy.ALLOW_INCOMPATIBLE);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"), row("SEA", 6, "02"));
    register(catalog, first, write(first));
    StructType changed = StructType.fromDDL("origin STRING, delay STRING, day STRING");
    Dataset<Row> second = rows(changed, row("LAX", "late", "03"));

    Registration registration = register(catalog, second, write(second));

    assertThat(registration.tableReplaced()).isTrue();
    assertThat(registration.partitionsAdded()).isEqualTo(1);
    assertThat(spark.table(catalog.qualifiedName()).schema().simpleString())
        .isEqualTo("struct<origin:string,delay:string,day:string>");
    // Earlier partitions stay registered; their data was not touched.
    assertThat(partitions(catalog)).containsExactly("day=01", "day=02", "day=03");
    assertThat(folder.resolve("table/day=01")).isDirectory();
    assertThat(
            spark
                .sql("SELECT origin, delay FROM " + catalog.qualifiedName() + " WHERE day = '03'")
                .collectAsList()
                .toString())
        .isEqualTo("[[LAX,late]]");
  }

  @Test
  void tableRegisteredElsewhereIsNotTakenOver() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ALLOW_INCOMPATIBLE);
    Dataset<Row> rows = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, rows, write(rows));
    String otherPath = folder.resolve("other").toString();

    assertThatThrownBy(
            () -> registrar.register(catalog, otherPath, FLIGHTS, PARTITION_BY, List.of("day=01")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("it is registered at file:" + folder.resolve("table"))
        .hasMessageContaining("but this job writes file:" + otherPath);
  }

  @Test
  void unpartitionedTableIsRegisteredWithoutPartitions() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> rows = rows(StructType.fromDDL("origin STRING, delay INT"), row("SEA", 5));
    WriteResult written =
        new PartitionedParquetWriter()
            .write(
                rows,
                new WriterConfig(
                    folder.resolve("table").toString(),
                    List.of(),
                    "snappy",
                    1000,
                    WriteMode.OVERWRITE_PARTITIONS));

    Registration registration =
        registrar.register(
            catalog,
            folder.resolve("table").toString(),
            rows.schema(),
            List.of(),
            written.partitions());

    assertThat(registration.partitionsAdded()).isZero();
    assertThat(spark.table(catalog.qualifiedName()).collectAsList().toString())
        .isEqualTo("[[SEA,5]]");
  }

  private Registration register(CatalogConfig catalog, Dataset<Row> rows, WriteResult written) {
    return registrar.register(
        catalog,
        folder.resolve("table").toString(),
        rows.schema(),
        PARTITION_BY,
        written.partitions());
  }

  private WriteResult write(Dataset<Row> rows) {
    return new PartitionedParquetWriter()
        .write(
            rows,
            new WriterConfig(
                folder.resolve("table").toString(),
                PARTITION_BY,
                "snappy",
                1000,
                WriteMode.OVERWRITE_PARTITIONS));
  }

  private List<String> partitions(CatalogConfig catalog) {
    List<String> names = new ArrayList<>();
    spark
        .sql("SHOW PARTITIONS " + catalog.qualifiedName())
        .collectAsList()
        .forEach(row -> names.add(row.getString(0)));
    return names;
  }

  private static CatalogConfig catalog(String database, SchemaChangePolicy policy) {
    return new CatalogConfig(
        database,
        "flights_" + TABLES.incrementAndGet(),
        policy,
        MetastoreConfig.local(TestHiveSpark.metastore().toString()));
  }

  private Dataset<Row> rows(StructType schema, Row... rows) {
    return spark.createDataFrame(List.of(rows), schema);
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }
}
