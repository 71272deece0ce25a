package dev.lakeetl.io.parquet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.WriteFailedException;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.spark.ObservedMetrics;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionedParquetWriterTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("event_time", DataTypes.TimestampType)
          .add("year", DataTypes.IntegerType)
          .add("month", DataTypes.StringType)
          .add("day", DataTypes.StringType);
  private static final List<String> PARTITION_BY = List.of("year", "month", "day");

  private final SparkSession spark = SharedSpark.session();
  private final PartitionedParquetWriter writer = new PartitionedParquetWriter();

  @TempDir Path dir;

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(List.of(rows), SCHEMA);
  }

  private static Row row(long id, String day) {
    return RowFactory.create(
        id, Timestamp.valueOf("2001-01-" + day + " 10:00:00.123456"), 2001, "01", day);
  }

  private WriterConfig config(WriteMode mode) {
    return new WriterConfig(
        dir.resolve("target").toString(), PARTITION_BY, "snappy", 1_000_000L, mode);
  }

  private List<String> readBack() {
    return spark
        .read()
        .parquet(dir.resolve("target").toString())
        .orderBy("id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private List<Path> parquetFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private List<String> partitionFolders() throws IOException {
    Path target = dir.resolve("target");
    try (Stream<Path> files = Files.walk(target)) {
      return files
          .filter(Files::isDirectory)
          .map(folder -> target.relativize(folder).toString())
          .filter(name -> name.split("/").length == 3)
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void writesHivePartitionFoldersAndReportsWhatItWrote() throws IOException {
    WriteResult result =
        writer.write(rows(row(1, "15"), row(2, "15"), row(3, "16")), config(WriteMode.APPEND));

    assertThat(result.rowsWritten()).isEqualTo(3);
    assertThat(result.partitions())
        .containsExactly("year=2001/month=01/day=15", "year=2001/month=01/day=16");
    assertThat(partitionFolders()).isEqualTo(result.partitions());
    assertThat(result.duration()).isPositive();
    // Clustering: one task per partition, so one file per partition folder.
    assertThat(parquetFiles(dir.resolve("target"))).hasSize(2);
    assertThat(readBack())
        .containsExactly(
            "[1,2001-01-15 10:00:00.123456,2001,1,15]",
            "[2,2001-01-15 10:00:00.123456,2001,1,15]",
            "[3,2001-01-16 10:00:00.123456,2001,1,16]");
  }

  @Test
  void writeClusteredKeepsTheCallersPartitioning() throws IOException {
    Dataset<Row> clustered =
        rows(row(1, "15"), row(2, "16"), row(3, "15"))
            .repartition(col("year"), col("month"), col("day"));

    WriteResult result = writer.writeClustered(clustered, config(WriteMode.OVERWRITE_PARTITIONS));

    assertThat(result.rowsWritten()).isEqualTo(3);
    assertThat(result.partitions())
        .containsExactly("year=2001/month=01/day=15", "year=2001/month=01/day=16");
    assertThat(parquetFiles(dir.resolve("target"))).hasSize(2);
  }

  @Test
  void rerunningTheSameInputGivesIdenticalOutput() throws IOException {
    Dataset<Row> input = rows(row(1, "15"), row(2, "16"));
    WriteResult first = writer.write(input, config(WriteMode.OVERWRITE_PARTITIONS));
    List<String> afterFirst = readBack();
    WriteResult second = writer.write(input, config(WriteMode.OVERWRITE_PARTITIONS));

    assertThat(second.rowsWritten()).isEqualTo(first.rowsWritten()).isEqualTo(2);
    assertThat(second.partitions()).isEqualTo(first.partitions());
    assertThat(readBack()).isEqualTo(afterFirst).hasSize(2);
    assertThat(partitionFolders()).isEqualTo(first.partitions());
    assertThat(parquetFiles(dir.resolve("target"))).hasSize(2);
  }

  @Test
  void overwritingOneDateLeavesOtherDatesAlone() throws IOException {
    writer.write(rows(row(1, "15"), row(2, "16")), config(WriteMode.OVERWRITE_PARTITIONS));
    WriteResult rerun =
        writer.write(rows(row(3, "16"), row(4, "16")), config(WriteMode.OVERWRITE_PARTITIONS));

    assertThat(rerun.partitions()).containsExactly("year=2001/month=01/day=16");
    assertThat(partitionFolders())
        .containsExactly("year=2001/month=01/day=15", "year=2001/month=01/day=16");
    assertThat(readBack())
        .extracting(line -> line.substring(1, line.indexOf(',')))
        .containsExactly("1", "3", "4");
  }

  @Test
  void appendAddsToExistingPartitions() {
    writer.write(rows(row(1, "15")), config(WriteMode.APPEND));
    WriteResult second = writer.write(rows(row(2, "15")), config(WriteMode.APPEND));

    assertThat(second.rowsWritten()).isEqualTo(1);
    assertThat(readBack()).hasSize(2);
  }

  @Test
  void writesSnappyAndTimestampMicrosWhateverTheSessionSays() throws IOException {
    String before = spark.conf().get("spark.sql.parquet.outputTimestampType");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      writer.write(rows(row(1, "15")), config(WriteMode.OVERWRITE_PARTITIONS));
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", before);
    }

    Path file = parquetFiles(dir.resolve("target")).get(0);
    ParquetMetadata footer = footer(file);
    PrimitiveType eventTime =
        footer.getFileMetaData().getSchema().getType("event_time").asPrimitiveType();
    assertThat(eventTime.getPrimitiveTypeName()).isEqualTo(PrimitiveType.PrimitiveTypeName.INT64);
    LogicalTypeAnnotation logical = eventTime.getLogicalTypeAnnotation();
    assertThat(logical).isInstanceOf(TimestampLogicalTypeAnnotation.class);
    assertThat(((TimestampLogicalTypeAnnotation) logical).getUnit())
        .isEqualTo(LogicalTypeAnnotation.TimeUnit.MICROS);
    List<CompressionCodecName> codecs = new ArrayList<>();
    for (BlockMetaData block : footer.getBlocks()) {
      block.getColumns().forEach(column -> codecs.add(column.getCodec()));
    }
    assertThat(codecs).isNotEmpty().containsOnly(CompressionCodecName.SNAPPY);
    assertThat(spark.conf().get("spark.sql.parquet.outputTimestampType")).isEqualTo(before);
  }

  private static ParquetMetadata footer(Path file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getFooter();
    }
  }

  @Test
  void maxRecordsPerFileSplitsALargePartition() throws IOException {
    WriterConfig config =
        new WriterConfig(
            dir.resolve("target").toString(), PARTITION_BY, "snappy", 2L, WriteMode.APPEND);
    WriteResult result =
        writer.write(
            rows(row(1, "15"), row(2, "15"), row(3, "15"), row(4, "15"), row(5, "15")), config);

    assertThat(result.rowsWritten()).isEqualTo(5);
    assertThat(parquetFiles(dir.resolve("target/year=2001/month=01/day=15"))).hasSize(3);
  }

  @Test
  void unpartitionedOverwriteReplacesTheTarget() {
    WriterConfig config =
        new WriterConfig(
            dir.resolve("target").toString(),
            List.of(),
            "snappy",
            100L,
            WriteMode.OVERWRITE_PARTITIONS);
    writer.write(rows(row(1, "15"), row(2, "16")), config);
    WriteResult second = writer.write(rows(row(3, "17")), config);

    assertThat(second.partitions()).isEmpty();
    assertThat(second.rowsWritten()).isEqualTo(1);
    assertThat(readBack()).hasSize(1).first().asString().startsWith("[3,");
  }

  @Test
  void nullPartitionValuesGoToTheHiveDefaultPartition() throws IOException {
    Row nullDay = RowFactory.create(9L, null, 2001, "01", null);
    WriteResult result = writer.write(rows(row(1, "15"), nullDay), config(WriteMode.APPEND));

    assertThat(result.partitions())
        .containsExactly(
            "year=2001/month=01/day=15", "year=2001/month=01/day=__HIVE_DEFAULT_PARTITION__");
    assertThat(partitionFolders()).isEqualTo(result.partitions());
  }

  @Test
  void emptyInputWritesNothing() {
    WriteResult result = writer.write(rows(), config(WriteMode.OVERWRITE_PARTITIONS));

    assertThat(result.rowsWritten()).isZero();
    assertThat(result.partitions()).isEmpty();
  }

  @Test
  void observationsBeforeTheShuffleReportWhenNoRowReachesTheWrite() {
    // Counted before the write's shuffle, then every row filtered out: what a run does whose
    // records are all rejected. Adaptive execution drops the empty stage from the plan.
    Observation read = new Observation("rows-read");
    Dataset<Row> counted =
        rows(row(1, "15"), row(2, "16"), row(3, "16")).observe(read, count(lit(1)).as("rows"));
    Dataset<Row> nothingValid = counted.where(col("id").lt(0));

    WriteResult result = writer.write(nothingValid, config(WriteMode.OVERWRITE_PARTITIONS));

    assertThat(result.rowsWritten()).isZero();
    assertThat(result.partitions()).isEmpty();
    assertThat(ObservedMetrics.await(read, Duration.ofSeconds(30), "count rows read"))
        .containsEntry("rows", 3L);
  }

  @Test
  void failedWriteNamesTheTargetAndLeavesNoPartialPartitions() throws IOException {
    writer.write(rows(row(1, "15")), config(WriteMode.OVERWRITE_PARTITIONS));
    List<String> before = readBack();
    Dataset<Row> failing =
        rows(row(2, "15"), row(3, "16"), row(4, "17"))
            .withColumn(
                "id", when(col("id").equalTo(4), raise_error(lit("boom"))).otherwise(col("id")));

    assertThatThrownBy(() -> writer.write(failing, config(WriteMode.OVERWRITE_PARTITIONS)))
        .isInstanceOf(WriteFailedException.class)
        .hasMessageContaining("Cannot write " + dir.resolve("target"))
        .hasMessageContaining("boom");
    assertThat(partitionFolders()).containsExactly("year=2001/month=01/day=15");
    assertThat(readBack()).isEqualTo(before);
    try (Stream<Path> entries = Files.list(dir.resolve("target"))) {
      assertThat(entries.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".spark-staging"));
    }
  }

  @Test
  void rejectsAPartitionColumnMissingFromTheData() {
    WriterConfig config =
        new WriterConfig(
            dir.resolve("target").toString(), List.of("country"), "snappy", 10L, WriteMode.APPEND);

    assertThatThrownBy(() -> writer.write(rows(row(1, "15")), config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "target.partition-by names 'country', which is not a column of the data");
  }

  @Test
  void rejectsDataWithTheColumnTheWriterReservesForCountingPartitions() {
    Dataset<Row> rows = rows(row(1, "15")).withColumn("_lakeetl_partition", lit("x"));

    assertThatThrownBy(() -> writer.write(rows, config(WriteMode.OVERWRITE_PARTITIONS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column named '_lakeetl_partition'");
  }
}
