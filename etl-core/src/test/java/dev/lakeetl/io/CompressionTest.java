package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {
  private static final String JSON = "{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"b\"}\n";
  private static final String CSV = "id,name\n1,a\n2,b\n";

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  private static Sources.Compressor compressor(String extension) {
    return switch (extension) {
      case ".gz" -> GZIPOutputStream::new;
      case ".bz2" -> BZip2CompressorOutputStream::new;
      case ".zst", ".zstd" -> ZstdOutputStream::new;
      case ".deflate" -> DeflaterOutputStream::new;
      default -> throw new IllegalArgumentException(extension);
    };
  }

  private List<Row> read(SourceConfig source) {
    return Sources.read(spark, source).rows().orderBy("id").collectAsList();
  }

  @ParameterizedTest
  @ValueSource(strings = {".gz", ".bz2", ".zst", ".zstd", ".deflate"})
  void jsonIsDecompressedByExtension(String extension) {
    Sources.write(dir.resolve("a.json" + extension), JSON, compressor(extension));

    List<Row> rows = read(Sources.json(dir, "id INT, name STRING"));

    assertThat(rows).extracting(row -> row.getString(1)).containsExactly("a", "b");
    assertThat(rows)
        .extracting(row -> row.getString(2))
        .containsExactly("{\"id\": 1, \"name\": \"a\"}", "{\"id\": 2, \"name\": \"b\"}");
    assertThat(rows).allSatisfy(row -> assertThat(row.isNullAt(3)).isTrue());
    assertThat(rows.get(0).getString(4)).endsWith("a.json" + extension);
  }

  @ParameterizedTest
  @ValueSource(strings = {".gz", ".bz2", ".zst", ".zstd", ".deflate"})
  void csvIsDecompressedByExtension(String extension) {
    Sources.write(dir.resolve("a.csv" + extension), CSV, compressor(extension));
    SourceConfig source =
        Sources.config(
            dir, SourceFormat.CSV, false, "id INT, name STRING", CsvOptions.DEFAULT, Map.of());

    List<Row> rows = read(source);

    assertThat(rows).extracting(row -> row.getString(1)).containsExactly("a", "b");
    assertThat(rows).extracting(row -> row.getString(2)).containsExactly("1,a", "2,b");
    assertThat(rows).allSatisfy(row -> assertThat(row.isNullAt(3)).isTrue());
  }

  @Test
  void bzip2FilesAreSplitAcrossTasksWithoutLosingOrRepeatingRecords() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      text.append("{\"id\": ").append(i).append(", \"pad\": \"").append(i * 7919L).append("\"}\n");
    }
    Sources.write(dir.resolve("big.json.bz2"), text.toString(), BZip2CompressorOutputStream::new);
    SourceConfig source = Sources.json(dir, "id INT");
    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    try {
      ReadResult result = Sources.read(spark, source);

      assertThat(result.rows().rdd().getNumPartitions()).isGreaterThan(1);
      Row counts =
          result.rows().selectExpr("count(*)", "count(distinct id)", "count(_parse_error)").first();
      assertThat(counts.getLong(0)).isEqualTo(60_000);
      assertThat(counts.getLong(1)).isEqualTo(60_000);
      assertThat(counts.getLong(2)).isZero();
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".gz", ".bz2", ".zst", ".deflate"})
  void truncatedFilesFailWithAMessageNamingTheFile(String extension) throws IOException {
    Path file = truncatedJson(extension);
    ReadResult result = readJson();

    assertThatThrownBy(() -> result.rows().count())
        .satisfies(
            failure ->
                assertThat(ReadFailures.explain(failure))
                    .hasValueSatisfying(
                        message ->
                            assertThat(message)
                                .startsWith("Cannot read source file 'file:" + file + "': ")));
  }

  @Test
  void truncatedGzipFailsWithAMessageNamingTheFile() throws IOException {
    Path file = truncatedJson(".gz");
    ReadResult result = readJson();

    assertThatThrownBy(() -> result.rows().count())
        .satisfies(
            failure ->
                assertThat(ReadFailures.explain(failure))
                    .contains(
                        "Cannot read source file '"
                            + "file:"
                            + file
                            + "': Unexpected end of input stream"));
  }

  /** A compressed JSON file cut in half, as an interrupted upload leaves it; returns its path. */
  private Path truncatedJson(String extension) throws IOException {
    Path file =
        Sources.write(dir.resolve("x.json" + extension), JSON.repeat(2000), compressor(extension));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    return file;
  }

  /** The JSON files of the folder, read lazily: a bad file fails when the rows are computed. */
  private ReadResult readJson() {
    return Sources.read(spark, Sources.json(dir, "id INT"));
  }

  @Test
  void otherFailuresAreNotExplained() {
    assertThat(ReadFailures.explain(new IllegalStateException("something else"))).isEmpty();
  }
}
