package dev.lakeetl.jobs.refine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.io.CsvOptions;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceFiles;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.formats.DatasetReaders;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileIdsTest {
  @TempDir Path dir;

  @Test
  void numbersFollowSparksStringOrderAndDecodeBackToThePath() {
    // UTF-8 byte order: upper case before lower case, and 'é' (two bytes from 0xC3) after 'z'.
    SourceFileIds ids =
        SourceFileIds.of(List.of("file:/raw/z.json", "file:/raw/é.json", "file:/raw/Z.json"));
    assertThat(ids.paths())
        .containsExactly("file:/raw/Z.json", "file:/raw/z.json", "file:/raw/é.json");

    Dataset<Row> rows =
        RawData.columns("id")
            .rowFrom("file:/raw/é.json", "1")
            .rowFrom("file:/raw/Z.json", "2")
            .rowFrom("file:/elsewhere/unlisted.json", "3")
            .rowFrom(null, "4")
            .toDataset();
    Dataset<Row> encoded = ids.encode(rows);

    List<Row> carried =
        encoded
            .select(col("id"), col(SourceFileIds.ID), col(InternalColumns.SOURCE_FILE))
            .orderBy("id")
            .collectAsList();
    assertThat(carried.get(0).get(1)).isEqualTo(2);
    assertThat(carried.get(0).get(2)).isNull();
    assertThat(carried.get(1).get(1)).isEqualTo(0);
    assertThat(carried.get(2).get(1)).isNull();
    assertThat(carried.get(2).get(2)).isEqualTo("file:/elsewhere/unlisted.json");
    assertThat(carried.get(3).get(1)).isNull();
    assertThat(carried.get(3).get(2)).isNull();

    Dataset<Row> decoded = ids.decode(encoded);
    assertThat(decoded.columns()).containsExactly(rows.columns());
    assertThat(decoded.orderBy("id").collectAsList()).isEqualTo(rows.orderBy("id").collectAsList());
  }

  @Test
  void withoutInputFilesNothingIsEncoded() {
    Dataset<Row> rows = RawData.columns("id").rowFrom("file:/a.json", "1").toDataset();

    SourceFileIds ids = SourceFileIds.of(rows);

    assertThat(ids.paths()).isEmpty();
    assertThat(ids.encode(rows).columns()).containsExactly(rows.columns());
  }

  @Test
  void pipelineOverFilesShufflesTheNumberAndWritesThePathAndKeepsTheSameSurvivor()
      throws IOException {
    // The same flight in two files, whose names sort differently as text and as numbers.
    String flight = "{\"date\":\"2001/01/01 06:55\",\"delay\":-3,\"origin\":\"LAX\"}";
    write("b 10.json", flight + "\n{\"date\":\"2001/01/02 07:05\",\"delay\":4,\"origin\":\"SFO\"}");
    write("b 9.json", flight);
    write("a.json", "{\"date\":\"2001/01/03 08:00\",\"delay\":1,\"origin\":\"JFK\"}");
    SparkSession spark = SharedSpark.session();
    SourceConfig source =
        new SourceConfig(
            List.of(dir.toString()),
            SourceFormat.JSON,
            false,
            Optional.of("date TIMESTAMP, delay INT, origin STRING"),
            CsvOptions.DEFAULT,
            Optional.of("yyyy/MM/dd HH:mm"),
            Optional.empty(),
            true,
            Map.of(),
            NullValues.DEFAULT);
    List<SourceFile> files = SourceFiles.list(spark, source);
    Dataset<Row> input =
        DatasetReaders.forFormat(SourceFormat.JSON).read(spark, source, files).rows();
    RefineRules rules =
        new RefineRules(
            ColumnNaming.SNAKE_CASE,
            Map.of(),
            List.of("date"),
            List.of("date", "origin", "delay"),
            List.of(),
            Optional.of("date"),
            List.of("year", "month", "day"),
            new TemporalFormats(Optional.of("yyyy/MM/dd HH:mm"), Optional.empty()));

    RefinePlan plan =
        RefinePipeline.plan(
            input,
            Optional.of(StructType.fromDDL("date TIMESTAMP, delay INT, origin STRING")),
            rules,
            "run-1",
            Instant.parse("2026-11-23T16:01:02Z"));

    // Every path the reader reports (URI form: "b%2010.json") is listed, so none is shuffled.
    assertThat(SourceFileIds.of(input).encode(input).where(col(SourceFileIds.ID).isNull()).count())
        .isZero();
    String physical = plan.refined().queryExecution().executedPlan().toString();
    assertThat(physical).contains(SourceFileIds.ID);
    List<String> expectedPaths = new ArrayList<>();
    for (Row row : input.select(InternalColumns.SOURCE_FILE).distinct().collectAsList()) {
      expectedPaths.add(row.getString(0));
    }
    // Sorted here: a sort in Spark would sample the input first and count the metrics twice.
    List<Row> written =
        plan.refined().select("origin", IngestMetadata.SOURCE_FILE).collectAsList().stream()
            .sorted(Comparator.comparing((Row row) -> row.getString(0)))
            .toList();
    assertThat(written).hasSize(3);
    assertThat(written.stream().map(row -> row.getString(1)).toList())
        .allMatch(expectedPaths::contains);
    // The duplicate kept is the one of the file first in path order: "b 10.json" < "b 9.json".
    assertThat(written.get(1).getString(0)).isEqualTo("LAX");
    assertThat(written.get(1).getString(1)).endsWith("b%2010.json");
    assertThat(plan.metrics(Duration.ofMinutes(1)).duplicatesRemoved()).isEqualTo(1);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text + "\n", StandardCharsets.UTF_8);
  }
}
