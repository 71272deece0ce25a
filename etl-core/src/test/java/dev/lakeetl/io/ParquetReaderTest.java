package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetReaderTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private ReadResult read(String schema) {
    return Sources.read(
        spark,
        Sources.config(
            dir.resolve("data"),
            SourceFormat.PARQUET,
            false,
            schema,
            CsvOptions.DEFAULT,
            Map.of()));
  }

  private void writeSample() {
    spark
        .sql("SELECT CAST(id AS INT) AS id, CONCAT('n', id) AS name, 2024 AS year FROM range(3)")
        .write()
        .partitionBy("year")
        .parquet(dir.resolve("data").toString());
  }

  @Test
  void declaredColumnsKeepStoredTypesAndMissingOnesAreTypedNulls() {
    writeSample();

    ReadResult result = read("name STRING, id BIGINT, missing DATE");

    assertThat(result.rows().columns())
        .containsExactly("name", "id", "missing", "_raw_record", "_parse_error", "_source_file");
    assertThat(result.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(result.rows().schema().apply("missing").dataType()).isEqualTo(DataTypes.DateType);
    Row first = result.rows().orderBy("id").first();
    assertThat(first.getString(0)).isEqualTo("n0");
    assertThat(first.isNullAt(2)).isTrue();
    assertThat(first.getString(3)).isEqualTo("{\"id\":0,\"name\":\"n0\",\"year\":2024}");
    assertThat(first.isNullAt(4)).isTrue();
    assertThat(first.getString(5)).contains("/data/year=2024/").endsWith(".parquet");
  }

  @Test
  void withoutSchemaStoredColumnsAndPartitionColumnsComeBack() {
    writeSample();

    ReadResult result = read(null);

    assertThat(result.rows().columns())
        .containsExactly("id", "name", "year", "_raw_record", "_parse_error", "_source_file");
    assertThat(result.rows().where("year = 2024").count()).isEqualTo(3);
  }

  @Test
  void listingSkipsSparkBookkeepingFiles() {
    writeSample();

    List<SourceFile> files =
        SourceFiles.list(
            spark,
            Sources.config(
                dir.resolve("data"),
                SourceFormat.PARQUET,
                false,
                null,
                CsvOptions.DEFAULT,
                Map.of()));

    assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(file.path()).endsWith(".parquet"));
  }
}
