package dev.lakeetl.io.json;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unhex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The byte-level parse must give exactly what {@code from_json} gives, row for row, for every kind
 * of value and every kind of malformed line: it replaces {@code from_json} only for speed.
 */
class Utf8JsonParseTest {
  private static final Map<String, String> OPTIONS =
      Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", "_corrupt");

  private static final List<String> LINES =
      Arrays.asList(
          "{\"a\":\"text\",\"b\":1,\"c\":2.50,\"d\":true,\"e\":{\"x\": [1, 2]},\"f\":[\"p\",\"q\"]}",
          "{\"a\":null,\"b\":\"7\",\"c\":-1e3,\"d\":\"false\",\"e\":null,\"f\":[]}",
          "{}",
          "  {\"a\" : \"padded\" }  ",
          "{\"a\":\"caf\u00e9 \u65e5\u672c \ud83d\ude00\",\"b\":2147483648}",
          "{\"a\":\"esc \\\" \\\\ \\n \\u00e9\",\"b\":-0}",
          "{\"a\":\"dup\",\"a\":\"last\"}",
          "{\"A\":\"upper\",\"unknown\":{\"deep\":[{\"z\":1}]}}",
          "{\"a\":\"unterminated",
          "{\"a\":1,}",
          "{\"b\":1} trailing",
          "{\"b\":1}{\"b\":2}",
          "{\"e\":{\"x\":\"not an array\"},\"b\":3}",
          "{\"b\":99999999999999999999999}",
          null);

  private final SparkSession spark = SharedSpark.session();

  @Test
  void givesWhatFromJsonGivesForTextColumns() {
    assertSameAsFromJson(
        "a STRING, b STRING, c STRING, d STRING, e STRING, f STRING, _corrupt STRING");
  }

  @Test
  void givesWhatFromJsonGivesForTypedColumns() {
    assertSameAsFromJson(
        "a STRING, b INT, c DOUBLE, d BOOLEAN, e STRUCT<x: ARRAY<INT>>, f ARRAY<STRING>,"
            + " _corrupt STRING");
  }

  @Test
  void givesWhatFromJsonGivesWithoutCorruptRecordColumn() {
    assertSameAsFromJson("a STRING, b BIGINT, c DECIMAL(10,2)");
  }

  @Test
  void keepsTheRawTextOfMalformedLinesInTheCorruptRecordColumn() {
    StructType schema = StructType.fromDDL("a STRING, _corrupt STRING");
    Dataset<Row> lines = lines();
    Column parse = Utf8JsonParse.column(col("value"), schema, OPTIONS, "UTC").orElseThrow();

    List<Row> rows = lines.select(col("value"), parse.as("p")).collectAsList();

    assertThat(rows)
        .filteredOn(row -> "{\"a\":\"unterminated".equals(row.getString(0)))
        .singleElement()
        .satisfies(
            row -> assertThat(row.getStruct(1).getString(1)).isEqualTo("{\"a\":\"unterminated"));
    assertThat(rows)
        .filteredOn(row -> row.isNullAt(0))
        .singleElement()
        .satisfies(row -> assertThat(row.isNullAt(1)).isTrue());
  }

  /**
   * The one difference, on purpose: from_json decodes invalid UTF-8 to U+FFFD and keeps the mangled
   * value; parsing bytes marks the record malformed, so it is quarantined with its raw text instead
   * of being changed silently.
   */
  @Test
  void marksInvalidUtf8Malformed() {
    StructType schema = StructType.fromDDL("a STRING, _corrupt STRING");
    // {"a":"<0xFF>"}
    Dataset<Row> lines =
        spark.range(1).select(unhex(lit("7B2261223A22FF227D")).cast("string").as("value"));
    Column parse = Utf8JsonParse.column(col("value"), schema, OPTIONS, "UTC").orElseThrow();

    Row parsed = lines.select(parse.as("p")).first().getStruct(0);

    assertThat(parsed.isNullAt(0)).isTrue();
    assertThat(parsed.getString(1)).startsWith("{\"a\":\"").endsWith("\"}");
  }

  private void assertSameAsFromJson(String ddl) {
    StructType schema = StructType.fromDDL(ddl);
    Dataset<Row> lines = lines();
    Column bytes = Utf8JsonParse.column(col("value"), schema, OPTIONS, "UTC").orElseThrow();

    List<Row> viaBytes =
        lines.select(col("value"), bytes.as("p")).orderBy(col("value")).collectAsList();
    List<Row> viaFromJson =
        lines
            .select(col("value"), from_json(col("value"), schema, OPTIONS).as("p"))
            .orderBy(col("value"))
            .collectAsList();

    assertThat(viaBytes).hasSize(LINES.size()).isEqualTo(viaFromJson);
    // The comparison must see parsed values, not only nulls.
    assertThat(viaBytes)
        .filteredOn(row -> !row.isNullAt(1) && !row.getStruct(1).isNullAt(0))
        .hasSizeGreaterThan(4);
  }

  private Dataset<Row> lines() {
    return spark.createDataset(new ArrayList<>(LINES), Encoders.STRING()).toDF("value");
  }
}
