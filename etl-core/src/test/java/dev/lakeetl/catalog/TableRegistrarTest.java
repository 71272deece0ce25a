package dev.lakeetl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lakeetl.config.SchemaChangePolicy;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.spark.MetastoreConfig;
import dev.lakeetl.testing.SharedHiveSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * Registration against a real embedded Hive metastore: tables written by the partitioned writer and
 * registered here are queried back by name through Spark SQL.
 */
@Tag(SharedHiveSpark.TAG)
class TableRegistrarTest {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final List<String> PARTITION_BY = List.of("day");
  private static final StructType FLIGHTS =
      StructType.fromDDL("origin STRING, delay INT, day STRING");

  @TempDir Path folder;

  private final SparkSession spark = SharedHiveSpark.session();
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
    assertThat(registration.columnsChanged()).isFalse();
    assertThat(
            spark
                .sql("SELECT origin, distance FROM " + catalog.qualifiedName() + " ORDER BY day")
                .collectAsList()
                .toString())
        .isEqualTo("[[SEA,null], [LAX,954]]");
  }

  @Test
  void incompatibleChangeIsRefusedBeforeWritingInOneLine() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, first, write(first));
    StructType changed = StructType.fromDDL("delay STRING, day STRING");

    assertThatThrownBy(() -> check(catalog, changed))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "Cannot register table "
                + catalog.qualifiedName()
                + ": the written schema is incompatible with the registered one (type changed:"
                + " delay: int -> string; dropped: origin) and catalog.schema-change is"
                + " add-columns; set catalog.schema-change=allow-incompatible to change the"
                + " table's columns in place, or write the old schema; nothing is written, the"
                + " table is unchanged");
    // The table is left as it was.
    assertThat(spark.table(catalog.qualifiedName()).schema().simpleString())
        .isEqualTo("struct<origin:string,delay:int,day:string>");
    assertThat(partitions(catalog)).containsExactly("day=01");
  }

  @Test
  void checkPassesWhatThePolicyAllowsAndChangesNothing() {
    CatalogConfig catalog = catalog("refined", SchemaChangePolicy.ADD_COLUMNS);
    StructType wider = StructType.fromDDL("origin STRING, delay INT, gate STRING, day STRING");
    // Not registered yet: created at registration.
    assertThat(check(catalog, FLIGHTS).none()).isTrue();
    assertThat(spark.catalog().tableExists(catalog.database(), catalog.table())).isFalse();
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, first, write(first));

    assertThat(check(catalog, wider).describe()).isEqualTo("added: gate string");
    assertThat(spark.table(catalog.qualifiedName()).schema().simpleString())
        .isEqualTo("struct<origin:string,delay:int,day:string>");
  }

  @Test
  void otherPartitionColumnsAreRefusedWhateverThePolicy() {
    CatalogConfig catalog = catalog("curated", SchemaChangePolicy.ALLOW_INCOMPATIBLE);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"));
    register(catalog, first, write(first));

    assertThatThrownBy(
            () ->
                registrar.check(
                    catalog,
                    folder.resolve("table").toString(),
                    StructType.fromDDL("origin STRING, delay INT, year STRING, day STRING"),
                    List.of("year", "day")))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "Cannot register table "
                + catalog.qualifiedName()
                + ": its partition columns would change from (day string) to (year string, day"
                + " string), which no catalog.schema-change allows; keep target.partition-by, or"
                + " write to another target.path and catalog.table; nothing is written, the table"
                + " is unchanged");
    assertThat(partitions(catalog)).containsExactly("day=01");
  }

  @Test
  void incompatibleChangeAltersTheTableInPlaceWhenAllowed() throws InterruptedException {
    CatalogConfig catalog = catalog("curated", SchemaChangePolicy.ALLOW_INCOMPATIBLE);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"), row("SEA", 6, "02"));
    register(catalog, first, write(first));
    // Set outside the job, like a Lake Formation grant or a team's tag: a new table lacks it.
    spark.sql("ALTER TABLE " + catalog.qualifiedName() + " SET TBLPROPERTIES ('team'='ops')");
    long created = table(catalog).createTime();
    // The metastore keeps creation times in seconds: a re-created table would show a later one.
    Thread.sleep(1_100);
    StructType changed = StructType.fromDDL("origin STRING, delay STRING, day STRING");
    Dataset<Row> second = rows(changed, row("LAX", "late", "03"));
    check(catalog, changed);

    Registration registration = register(catalog, second, write(second));

    assertThat(registration.columnsChanged()).isTrue();
    assertThat(registration.partitionsAdded()).isEqualTo(1);
    assertThat(spark.table(catalog.qualifiedName()).schema().simpleString())
        .isEqualTo("struct<origin:string,delay:string,day:string>");
    assertThat(table(catalog).createTime()).isEqualTo(created);
    assertThat(table(catalog).properties().get("team")).isEqualTo(Option.apply("ops"));
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
  void partitionsStayRegisteredWhenRegistrationFailsAfterAColumnChange() {
    CatalogConfig catalog = catalog("curated", SchemaChangePolicy.ALLOW_INCOMPATIBLE);
    Dataset<Row> first = rows(FLIGHTS, row("SEA", 5, "01"), row("SEA", 6, "02"));
    register(catalog, first, write(first));
    StructType changed = StructType.fromDDL("origin STRING, delay STRING, day STRING");
    Dataset<Row> second = rows(changed, row("LAX", "late", "03"));
    WriteResult written = write(second);
    // A folder that is no partition of the table makes adding the partitions fail.
    List<String> broken = new ArrayList<>(written.partitions());
    broken.add("hour=07");

    Throwable failure =
        catchThrowable(
            () ->
                registrar.register(
                    catalog, folder.resolve("table").toString(), changed, PARTITION_BY, broken));

    // Every partition registered before is still registered.
    assertThat(partitions(catalog)).containsExactly("day=01", "day=02");
    assertThat(failure)
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("Cannot register 2 partitions of table " + catalog.qualifiedName())
        .hasMessageEndingWith(
            "; the data is published, a re-run of the same input registers the partitions");
    // The re-run registers the partitions it writes.
    register(catalog, second, write(second));
    assertThat(partitions(catalog)).containsExactly("day=01", "day=02", "day=03");
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

  private SchemaChange check(CatalogConfig catalog, StructType schema) {
    return registrar.check(catalog, folder.resolve("table").toString(), schema, PARTITION_BY);
  }

  private CatalogTable table(CatalogConfig catalog) {
    return spark
        .sessionState()
        .catalog()
        .externalCatalog()
        .getTable(catalog.database(), catalog.table());
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
        MetastoreConfig.local(SharedHiveSpark.metastore().toString()));
  }

  private Dataset<Row> rows(StructType schema, Row... rows) {
    return spark.createDataFrame(List.of(rows), schema);
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }
}
