package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.io.formats.DatasetReaders;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReaderTest {
  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private ReadResult read(SourceConfig source) {
    return Sources.read(spark, source);
  }

  private static List<Row> sorted(ReadResult result, String column) {
    return result.rows().orderBy(column).collectAsList();
  }

  @Test
  void declaredSchemaGivesStringColumnsInDeclaredOrderPlusMetadata() {
    Path file =
        Sources.write(
            dir.resolve("a.json"),
            "{\"name\": \"alice\", \"id\": 1, \"extra\": true, \"tags\": [1, 2]}\n"
                + "{\"id\": \"2\", \"amount\": 3.50}\n");

    ReadResult result = read(Sources.json(dir, "id BIGINT, amount DECIMAL(10,2), tags ARRAY<INT>"));

    assertThat(result.declaredSchema())
        .contains(StructType.fromDDL("id BIGINT, amount DECIMAL(10,2), tags ARRAY<INT>"));
    assertThat(result.rows().columns())
        .containsExactly("id", "amount", "tags", "_raw_record", "_parse_error", "_source_file");
    assertThat(result.rows().schema().fields())
        .allSatisfy(field -> assertThat(field.dataType()).isEqualTo(DataTypes.StringType));
    List<Row> rows = sorted(result, "id");
    assertThat(rows.get(0).getString(0)).isEqualTo("1");
    assertThat(rows.get(0).isNullAt(1)).isTrue();
    assertThat(rows.get(0).getString(2)).isEqualTo("[1,2]");
    assertThat(rows.get(0).getString(3))
        .isEqualTo("{\"name\": \"alice\", \"id\": 1, \"extra\": true, \"tags\": [1, 2]}");
    assertThat(rows.get(0).isNullAt(4)).isTrue();
    assertThat(rows.get(0).getString(5))
        .isEqualTo(file.toUri().toString().replace("file:///", "file:/"));
    assertThat(rows.get(1).getString(0)).isEqualTo("2");
    // Spark renders JSON floats through a double: the value survives, trailing zeros do not.
    assertThat(rows.get(1).getString(1)).isEqualTo("3.5");
  }

  @Test
  void withoutSchemaSparkInfersColumnsAndTypes() {
    Sources.write(
        dir.resolve("a.json"),
        "{\"id\": 1, \"name\": \"alice\", \"score\": 1.5}\nnot json\n{\"id\": 2, \"name\": \"bob\"}\n");

    ReadResult result = read(Sources.json(dir, null));

    assertThat(result.declaredSchema()).isEmpty();
    StructType schema = result.rows().schema();
    assertThat(schema.fieldNames())
        .containsExactly("id", "name", "score", "_raw_record", "_parse_error", "_source_file");
    assertThat(schema.apply("id").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(schema.apply("score").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(result.rows().count()).isEqualTo(3);
    Row bad = result.rows().where("_parse_error is not null").first();
    assertThat(bad.getAs("_raw_record").toString()).isEqualTo("not json");
    assertThat(bad.<Object>getAs("id")).isNull();
  }

  @Test
  void malformedLinesAreKeptWithRawTextAndReason() {
    Sources.write(
        dir.resolve("a.json"),
        String.join(
            "\n",
            "{\"id\": 1}",
            "{\"id\": 2,",
            "42",
            "[1,2]",
            "[{\"id\": 3}]",
            "\"text\"",
            "null",
            "true",
            "{\"id\": 4} trailing",
            "garbage",
            ""));

    ReadResult result = read(Sources.json(dir, "id INT"));

    Map<String, String> reasons =
        result.rows().select("_raw_record", "_parse_error").collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    row -> row.getString(0), row -> String.valueOf(row.get(1))));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "{\"id\": 1}", "null",
                "{\"id\": 2,", "malformed JSON",
                "42", "malformed JSON: expected an object, found a number",
                "[1,2]", "malformed JSON: expected an object, found an array",
                "[{\"id\": 3}]", "malformed JSON: expected an object, found an array",
                "\"text\"", "malformed JSON: expected an object, found a string",
                "null", "malformed JSON: expected an object, found null",
                "true", "malformed JSON: expected an object, found a boolean",
                "{\"id\": 4} trailing", "malformed JSON",
                "garbage", "malformed JSON"));
    assertThat(result.rows().where("_parse_error is not null and id is not null").count()).isZero();
    assertThat(result.rows().where("_parse_error is not null").count()).isEqualTo(9);
  }

  @Test
  void paddedObjectLinesAreRecordsAndPaddedOthersAreMalformed() {
    Sources.write(
        dir.resolve("a.json"),
        String.join(
            "\n",
            "  {\"id\": 5} ",
            "\t{\"id\": 6}\f",
            "{\"id\": 7}",
            "  [1] ",
            " {\"id\": 8} x",
            " \t "));

    ReadResult result = read(Sources.json(dir, "id INT"));

    Map<String, String> reasons =
        result.rows().select("_raw_record", "_parse_error", "id").collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    row -> row.getString(0), row -> row.get(1) + "/" + row.get(2)));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "  {\"id\": 5} ", "null/5",
                "\t{\"id\": 6}\f", "null/6",
                "{\"id\": 7}", "null/7",
                "  [1] ", "malformed JSON: expected an object, found an array/null",
                " {\"id\": 8} x", "malformed JSON/null"));
  }

  /**
   * INT, BIGINT and BOOLEAN values are parsed as their type and rendered back to text; every line
   * must come out exactly as the text parse gives it, which a declared STRING column still uses.
   */
  @Test
  void typedParseGivesWhatTheTextParseGives() {
    Sources.write(
        dir.resolve("a.json"),
        String.join(
            "\n",
            "{\"i\": 7, \"l\": 9007199254740993, \"b\": true, \"d\": 2.50}",
            "{\"i\": -0, \"l\": -1, \"b\": false, \"d\": 1e3}",
            "{\"i\": \"7\", \"l\": 1, \"b\": true}",
            "{\"i\": 2147483648, \"l\": 2}",
            "{\"i\": 1.5, \"l\": 3}",
            "{\"l\": 99999999999999999999, \"b\": \"yes\"}",
            "{\"i\": null, \"l\": null, \"b\": null}",
            "{\"i\": [1], \"b\": {\"x\": 1}}",
            "{\"i\": 1, \"i\": \"x\"}",
            "{\"i\": 3, \"l\": 4, \"b\": false",
            "{}",
            "[1, 2]"));

    List<Row> typed =
        read(Sources.json(dir, "i INT, l BIGINT, b BOOLEAN, d DOUBLE"))
            .rows()
            .orderBy("_raw_record")
            .collectAsList();
    List<Row> text =
        read(Sources.json(dir, "i STRING, l STRING, b STRING, d DOUBLE"))
            .rows()
            .orderBy("_raw_record")
            .collectAsList();

    assertThat(typed).hasSize(12).isEqualTo(text);
    assertThat(typed).extracting(row -> row.getString(0)).contains("7", "0", "2147483648", "1.5");
  }

  @Test
  void blankLinesAreNotRecords() {
    Sources.write(dir.resolve("a.json"), "\n{\"id\": 1}\n   \n\t\n{\"id\": 2}\n\n");

    ReadResult result = read(Sources.json(dir, "id INT"));

    assertThat(result.rows().count()).isEqualTo(2);
    assertThat(result.rows().where("_parse_error is null").count()).isEqualTo(2);
  }

  @Test
  void multilineJsonReadsArraysAndDocumentsAndKeepsBrokenFiles() {
    Sources.write(dir.resolve("a.json"), "[\n  {\"id\": 1, \"name\": \"a\"},\n  {\"id\": 2}\n]\n");
    Sources.write(dir.resolve("b.json"), "{\n  \"id\": 3,\n  \"name\": \"c\"\n}\n");
    Sources.write(dir.resolve("c.json"), "[\n  {\"id\": 4},\n  {\"id\": \n");
    SourceConfig source =
        Sources.config(
            dir, SourceFormat.JSON, true, "id INT, name STRING", CsvOptions.DEFAULT, Map.of());

    ReadResult result = read(source);

    List<Row> good = result.rows().where("_parse_error is null").orderBy("id").collectAsList();
    assertThat(good).extracting(row -> row.getString(0)).containsExactly("1", "2", "3");
    assertThat(good.get(0).getString(2)).isEqualTo("{\"id\":\"1\",\"name\":\"a\"}");
    Row bad = result.rows().where("_parse_error is not null").first();
    assertThat(bad.getString(3)).isEqualTo("malformed JSON");
    assertThat(bad.getString(2)).isEqualTo("[\n  {\"id\": 4},\n  {\"id\": \n");
    assertThat(bad.getString(4)).endsWith("/c.json");
    // Counting only parse errors must not trip Spark's corrupt-record-only scan check.
    assertThat(result.rows().where("_parse_error is not null").count()).isEqualTo(1);
  }

  @Test
  void multilineJsonWithoutSchemaInfersTypes() {
    Sources.write(dir.resolve("a.json"), "[{\"id\": 1, \"tags\": [\"x\"]}, {\"id\": 2}]");
    SourceConfig source =
        Sources.config(dir, SourceFormat.JSON, true, null, CsvOptions.DEFAULT, Map.of());

    ReadResult result = read(source);

    assertThat(result.rows().schema().apply("id").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(result.rows().orderBy("id").first().getAs("_raw_record").toString())
        .isEqualTo("{\"id\":1,\"tags\":[\"x\"]}");
  }

  @Test
  void noFilesGiveAnEmptyDatasetWithTheDeclaredColumns() {
    SourceConfig source = Sources.json(dir, "id INT, name STRING");

    ReadResult result = DatasetReaders.forFormat(SourceFormat.JSON).read(spark, source, List.of());

    assertThat(result.rows().columns())
        .containsExactly("id", "name", "_raw_record", "_parse_error", "_source_file");
    assertThat(result.rows().count()).isZero();
  }
}
