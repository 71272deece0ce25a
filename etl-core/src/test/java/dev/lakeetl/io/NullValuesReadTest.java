package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.io.formats.DatasetReaders;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for empty and null-marker texts in CSV and JSON ({@link NullValues}): the same records
 * written in each format read the same way, column by column, whatever the column's type.
 */
class NullValuesReadTest {
  private static final String SCHEMA = "id INT, delay INT, origin STRING";
  private static final NullValues EMPTY_IS_TEXT = new NullValues(false, List.of());
  private static final NullValues NA_TOO = new NullValues(true, List.of("NA"));

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  /** id to [delay, origin] as read; a null value is shown as "null", an empty one as "". */
  private Map<String, List<String>> read(
      SourceFormat format, boolean multiline, String file, NullValues nulls) {
    SourceConfig source =
        new SourceConfig(
            List.of(dir.resolve(file).toString()),
            format,
            multiline,
            Optional.of(SCHEMA),
            CsvOptions.DEFAULT,
            Optional.empty(),
            Optional.empty(),
            true,
            Map.of(),
            nulls);
    List<SourceFile> files = SourceFiles.list(spark, source);
    Map<String, List<String>> values = new TreeMap<>();
    for (Row row :
        DatasetReaders.forFormat(format)
            .read(spark, source, files)
            .rows()
            .select("id", "delay", "origin", "_parse_error")
            .collectAsList()) {
      assertThat(row.isNullAt(3)).as("parse error of %s", row).isTrue();
      values.put(row.getString(0), Arrays.asList(text(row, 1), text(row, 2)));
    }
    return values;
  }

  private static String text(Row row, int index) {
    return row.isNullAt(index) ? "null" : row.getString(index);
  }

  /** Records 1-5 in CSV: unquoted empty, quoted empty, NA, quoted NA, a blank (space). */
  private void csv() {
    Sources.write(
        dir.resolve("a.csv"),
        "id,delay,origin\n1,,\n2,\"\",\"\"\n3,NA,NA\n4,\"NA\",\"NA\"\n5, ,x\n");
  }

  /** The same records in JSON lines (1 and 2 are the same there), plus an absent field (6). */
  private static final List<String> JSON_RECORDS =
      List.of(
          "{\"id\":1,\"delay\":\"\",\"origin\":\"\"}",
          "{\"id\":2,\"delay\":\"\",\"origin\":\"\"}",
          "{\"id\":3,\"delay\":\"NA\",\"origin\":\"NA\"}",
          "{\"id\":4,\"delay\":\"NA\",\"origin\":\"NA\"}",
          "{\"id\":5,\"delay\":\" \",\"origin\":\"x\"}",
          "{\"id\":6}");

  private void jsonLines() {
    Sources.write(dir.resolve("a.json"), String.join("\n", JSON_RECORDS) + "\n");
  }

  private void jsonDocument() {
    Sources.write(dir.resolve("a.json"), "[" + String.join(",\n", JSON_RECORDS) + "]\n");
  }

  private static Map<String, List<String>> expected(String... idDelayOrigin) {
    Map<String, List<String>> expected = new TreeMap<>();
    for (int i = 0; i < idDelayOrigin.length; i += 3) {
      expected.put(idDelayOrigin[i], Arrays.asList(idDelayOrigin[i + 1], idDelayOrigin[i + 2]));
    }
    return expected;
  }

  @Test
  void byDefaultAnEmptyValueIsNullInEveryColumnOfEveryFormat() {
    Map<String, List<String>> expected =
        expected("1", "null", "null", "2", "null", "null", "3", "NA", "NA", "4", "NA", "NA");
    expected.put("5", Arrays.asList(" ", "x"));

    csv();
    assertThat(read(SourceFormat.CSV, false, "a.csv", NullValues.DEFAULT))
        .containsExactlyEntriesOf(expected);
    jsonLines();
    expected.put("6", Arrays.asList("null", "null"));
    assertThat(read(SourceFormat.JSON, false, "a.json", NullValues.DEFAULT))
        .containsExactlyEntriesOf(expected);
    jsonDocument();
    assertThat(read(SourceFormat.JSON, true, "a.json", NullValues.DEFAULT))
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void nullValuesNameFurtherTextsThatAreNullQuotedOrNot() {
    Map<String, List<String>> expected =
        expected(
            "1", "null", "null", "2", "null", "null", "3", "null", "null", "4", "null", "null");
    expected.put("5", Arrays.asList(" ", "x"));

    csv();
    assertThat(read(SourceFormat.CSV, false, "a.csv", NA_TOO)).containsExactlyEntriesOf(expected);
    jsonLines();
    expected.put("6", Arrays.asList("null", "null"));
    assertThat(read(SourceFormat.JSON, false, "a.json", NA_TOO)).containsExactlyEntriesOf(expected);
  }

  @Test
  void withoutEmptyAsNullAnEmptyTextStaysTextExceptAnUnquotedCsvField() {
    Map<String, List<String>> expected =
        expected("1", "", "", "2", "", "", "3", "NA", "NA", "4", "NA", "NA");
    expected.put("5", Arrays.asList(" ", "x"));

    jsonLines();
    expected.put("6", Arrays.asList("null", "null"));
    assertThat(read(SourceFormat.JSON, false, "a.json", EMPTY_IS_TEXT))
        .containsExactlyEntriesOf(expected);
    jsonDocument();
    assertThat(read(SourceFormat.JSON, true, "a.json", EMPTY_IS_TEXT))
        .containsExactlyEntriesOf(expected);

    // CSV has no other way to write a missing value than an unquoted empty field.
    csv();
    expected.remove("6");
    expected.put("1", Arrays.asList("null", "null"));
    assertThat(read(SourceFormat.CSV, false, "a.csv", EMPTY_IS_TEXT))
        .containsExactlyEntriesOf(expected);
  }

  @Test
  void theNullTextsAreTheEmptyOneFirstThenTheNamedOnes() {
    assertThat(NullValues.DEFAULT.all()).containsExactly("");
    assertThat(new NullValues(true, List.of("NA", "", "NA")).all()).containsExactly("", "NA");
    assertThat(new NullValues(false, new ArrayList<>(List.of("n/a"))).all()).containsExactly("n/a");
    assertThat(EMPTY_IS_TEXT.all()).isEmpty();
  }
}
