package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.compress.CompressionCodecs;
import dev.lakeetl.spark.StoragePaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plumbing shared by the format readers. */
public final class SourceReads {
  private static final Logger LOG = LoggerFactory.getLogger(SourceReads.class);

  /**
   * Reader options the toolkit owns: records are always kept (PERMISSIVE) and the corrupt-record
   * column is internal, so pass-through values for these are ignored.
   */
  private static final Set<String> OWNED_OPTIONS =
      Set.of("mode", "columnnameofcorruptrecord", "multiline");

  private SourceReads() {}

  /** The parsed {@code source.schema}, or empty when the schema is to be inferred. */
  public static Optional<StructType> declaredSchema(SourceConfig source) {
    requireNonNull(source, "source is null");
    if (source.schemaDdl().isEmpty() || source.schemaDdl().get().isBlank()) {
      return Optional.empty();
    }
    String ddl = source.schemaDdl().get();
    StructType schema;
    try {
      schema = StructType.fromDDL(ddl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read source: invalid schema '" + ddl + "' (source.schema): " + e.getMessage(), e);
    }
    for (StructField field : schema.fields()) {
      if (MetadataColumns.ALL.contains(field.name())) {
        throw new IllegalArgumentException(
            "Cannot read source: column name '"
                + field.name()
                + "' is reserved for metadata (source.schema)");
      }
    }
    return Optional.of(schema);
  }

  /** The same fields, all typed STRING and nullable. */
  public static StructType asStrings(StructType schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(DataTypes.createStructField(field.name(), DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Spark reader options from the config: timestamp and date formats, then {@code source.options.*}
   * (which may override them), minus the options the toolkit owns.
   */
  public static Map<String, String> readerOptions(SourceConfig source) {
    Map<String, String> options = new HashMap<>();
    source.timestampFormat().ifPresent(format -> options.put("timestampFormat", format));
    source.dateFormat().ifPresent(format -> options.put("dateFormat", format));
    source
        .options()
        .forEach(
            (key, value) -> {
              if (OWNED_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
                LOG.warn(
                    "Ignoring source.options.{}={}: the reader always keeps malformed records",
                    key,
                    value);
              } else {
                options.put(key, value);
              }
            });
    return Map.copyOf(options);
  }

  /** Whether {@code options} set {@code name}; Spark matches option names case-insensitively. */
  public static boolean hasOption(Map<String, String> options, String name) {
    return options.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
  }

  /** The configured source paths mapped for this runtime's filesystems. */
  public static List<String> resolvedPaths(SparkSession spark, SourceConfig source) {
    return source.paths().stream()
        .map(path -> StoragePaths.resolve(path, spark.sparkContext().hadoopConfiguration()))
        .toList();
  }

  /** The file paths to hand to Spark. */
  public static String[] paths(List<SourceFile> files) {
    return files.stream().map(SourceFile::path).toArray(String[]::new);
  }

  /**
   * Makes sure the session's Hadoop configuration can decompress every supported extension, also
   * for sessions not built by {@code SparkSessions}.
   */
  public static void registerCodecs(SparkSession spark) {
    CompressionCodecs.register(spark.sparkContext().hadoopConfiguration());
  }

  /** The file a row of a file-source dataset came from. */
  public static Column sourceFileColumn() {
    return functions.col("_metadata.file_path");
  }

  /** An empty result with the given data columns and the metadata columns. */
  public static Dataset<Row> empty(SparkSession spark, StructType dataSchema) {
    StructType schema = dataSchema;
    for (String name : MetadataColumns.ALL) {
      schema = schema.add(name, DataTypes.StringType, !name.equals(MetadataColumns.RAW_RECORD));
    }
    return spark.createDataFrame(List.<Row>of(), schema);
  }

  /** Data columns (by name, in order) followed by the three metadata columns. */
  public static List<Column> withMetadata(
      List<Column> dataColumns, Column rawRecord, Column parseError, Column sourceFile) {
    List<Column> columns = new ArrayList<>(dataColumns);
    columns.add(rawRecord.as(MetadataColumns.RAW_RECORD));
    columns.add(parseError.cast(DataTypes.StringType).as(MetadataColumns.PARSE_ERROR));
    columns.add(sourceFile.as(MetadataColumns.SOURCE_FILE));
    return List.copyOf(columns);
  }
}
