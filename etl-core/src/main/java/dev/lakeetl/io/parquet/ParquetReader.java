package dev.lakeetl.io.parquet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.lakeetl.io.DatasetReader;
import dev.lakeetl.io.ReadResult;
import dev.lakeetl.io.SourceConfig;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.SourceReads;
import dev.lakeetl.spark.SqlIdentifiers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Parquet. Records cannot be malformed, so {@code _parse_error} is always null and the raw
 * record is the JSON rendering of every stored column.
 *
 * <p>With a declared schema, declared columns are selected by name with the type they are stored
 * with (the caller casts them), and a declared column missing from the files is a null column of
 * the declared type. With a single source folder, Hive-style partition folders below it ({@code
 * year=2024/...}) become columns, as in Spark.
 */
public final class ParquetReader implements DatasetReader {

  @Override
  public ReadResult read(SparkSession spark, SourceConfig source, List<SourceFile> files) {
    Optional<StructType> declared = SourceReads.declaredSchema(source);
    if (files.isEmpty()) {
      return new ReadResult(SourceReads.empty(spark, declared.orElse(new StructType())), declared);
    }
    Map<String, String> options = new HashMap<>(SourceReads.readerOptions(source));
    if (source.paths().size() == 1 && !options.containsKey("basePath")) {
      // Partition columns are discovered relative to the source folder even though the files are
      // passed one by one.
      String root = SourceReads.resolvedPaths(spark, source).get(0);
      if (isDirectory(spark, root)) {
        options.put("basePath", root);
      }
    }
    Dataset<Row> stored = spark.read().options(options).parquet(SourceReads.paths(files));
    StructType storedSchema = stored.schema();

    List<Column> dataColumns = new ArrayList<>();
    if (declared.isPresent()) {
      for (StructField field : declared.get().fields()) {
        if (hasField(storedSchema, field.name())) {
          dataColumns.add(col(SqlIdentifiers.quoted(field.name())).as(field.name()));
        } else {
          dataColumns.add(lit(null).cast(field.dataType()).as(field.name()));
        }
      }
    } else {
      for (StructField field : storedSchema.fields()) {
        dataColumns.add(col(SqlIdentifiers.quoted(field.name())));
      }
    }
    List<Column> storedColumns = new ArrayList<>();
    for (StructField field : storedSchema.fields()) {
      storedColumns.add(col(SqlIdentifiers.quoted(field.name())));
    }
    Column rawRecord =
        storedColumns.isEmpty() ? lit("{}") : to_json(struct(storedColumns.toArray(Column[]::new)));
    Dataset<Row> rows =
        stored.select(
            SourceReads.withMetadata(
                    dataColumns, rawRecord, lit(null), SourceReads.sourceFileColumn())
                .toArray(Column[]::new));
    return new ReadResult(rows, declared);
  }

  private static boolean isDirectory(SparkSession spark, String path) {
    if (path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
      return false;
    }
    try {
      Path hadoopPath = new Path(path);
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.getFileStatus(hadoopPath).isDirectory();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasField(StructType schema, String name) {
    for (String existing : schema.fieldNames()) {
      if (existing.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
