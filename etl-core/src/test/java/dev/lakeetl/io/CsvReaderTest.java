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

class CsvReaderTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private ReadResult read(SourceConfig source) {
    return Sources.read(spark, source);
  }

  private SourceConfig csv(String schema, CsvOptions options, Map<String, String> extra) {
    return Sources.config(dir, SourceFormat.CSV, false, schema, options, extra);
  }

  @Test
  void headerQuotesAndEscapesWithDeclaredSchema() {
    Sources.write(
        dir.resolve("a.csv"),
        "id,name,comment\n1,alice,\"hello, world\"\n\n2,bob,\"say \\\"hi\\\"\"\n");
    Sources.write(dir.resolve("b.csv"), "id,name,comment\n3,carol,\n");

    ReadResult result =
        read(csv("id INT, name STRING, comment STRING", CsvOptions.DEFAULT, Map.of()));

    assertThat(result.rows().columns())
        .containsExactly("id", "name", "comment", "_raw_record", "_parse_error", "_source_file");
    assertThat(result.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.StringType);
    List<Row> rows = result.rows().orderBy("id").collectAsList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getString(2)).isEqualTo("hello, world");
    assertThat(rows.get(0).getString(3)).isEqualTo("1,alice,\"hello, world\"");
    assertThat(rows.get(1).getString(2)).isEqualTo("say \"hi\"");
    assertThat(rows.get(1).getString(3)).isEqualTo("2,bob,\"say \\\"hi\\\"\"");
    assertThat(rows.get(2).getString(4)).isNull();
    assertThat(rows.get(2).getString(5)).endsWith("/b.csv");
  }

  @Test
  void customDelimiterQuoteAndNoHeader() {
    Sources.write(dir.resolve("a.txt"), "1;'a;b';x\n2;plain;'y'\n");
    CsvOptions options = new CsvOptions(false, ";", "'", "\\");

    ReadResult result = read(csv("id STRING, name STRING, code STRING", options, Map.of()));

    List<Row> rows = result.rows().orderBy("id").collectAsList();
    assertThat(rows).extracting(row -> row.getString(1)).containsExactly("a;b", "plain");
    assertThat(rows).extracting(row -> row.getString(2)).containsExactly("x", "y");
    assertThat(rows)
        .extracting(row -> row.getString(3))
        .containsExactly("1;'a;b';x", "2;plain;'y'");
    assertThat(rows).allSatisfy(row -> assertThat(row.isNullAt(4)).isTrue());
  }

  @Test
  void wrongFieldCountsAreParseErrorsWithTheCount() {
    Sources.write(
        dir.resolve("a.csv"),
        "a,b,c,d,e\n1,2,3,4,5\n1,2,3\n1,2,3,4,5,6,7\n1,2,\"3,4\",5,6\n1,2,\"unclosed,4,5\n");

    ReadResult result =
        read(csv("a STRING, b STRING, c STRING, d STRING, e STRING", CsvOptions.DEFAULT, Map.of()));

    Map<String, String> reasons =
        result.rows().select("_raw_record", "_parse_error").collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    row -> row.getString(0), row -> String.valueOf(row.get(1))));
    assertThat(reasons)
        .containsEntry("1,2,3,4,5", "null")
        .containsEntry("1,2,3", "malformed CSV: expected 5 fields, found 3")
        .containsEntry("1,2,3,4,5,6,7", "malformed CSV: expected 5 fields, found 7")
        .containsEntry("1,2,\"3,4\",5,6", "null")
        .containsEntry("1,2,\"unclosed,4,5", "malformed CSV: expected 5 fields, found 3");
    // Malformed rows carry no half-parsed values.
    assertThat(result.rows().where("_parse_error is not null and a is not null").count()).isZero();
  }

  @Test
  void withoutSchemaColumnsComeFromTheHeaderAndInferenceIsOptIn() {
    Sources.write(dir.resolve("a.csv"), "id,price\n1,2.5\n2,3\n");

    ReadResult plain = read(csv(null, CsvOptions.DEFAULT, Map.of()));
    ReadResult inferred = read(csv(null, CsvOptions.DEFAULT, Map.of("inferSchema", "true")));

    assertThat(plain.declaredSchema()).isEmpty();
    assertThat(plain.rows().columns())
        .containsExactly("id", "price", "_raw_record", "_parse_error", "_source_file");
    assertThat(plain.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(inferred.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(inferred.rows().schema().apply("price").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(inferred.rows().where("_parse_error is null").count()).isEqualTo(2);
  }

  @Test
  void countingParseErrorsAloneWorks() {
    Sources.write(dir.resolve("a.csv"), "a,b\n1,2\n3\n");

    ReadResult result = read(csv("a STRING, b STRING", CsvOptions.DEFAULT, Map.of()));

    assertThat(result.rows().where("_parse_error is not null").count()).isEqualTo(1);
  }
}
