package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One read of text source files by a {@link TextReader}.
 *
 * @param spark the session reading
 * @param source the source's settings
 * @param files the files to read, at least one
 * @param declared the parsed {@code source.schema}; empty when the schema is inferred
 */
public record TextRead(
    SparkSession spark,
    SourceConfig source,
    List<SourceFile> files,
    Optional<StructType> declared) {
  public TextRead {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    requireNonNull(declared, "declared is null");
  }

  /** The file paths to hand to Spark. */
  public String[] paths() {
    return SourceReads.paths(files);
  }

  /** A copy of {@link SourceReads#readerOptions}, for the reader to add its own to. */
  public Map<String, String> readerOptions() {
    return new HashMap<>(SourceReads.readerOptions(source));
  }

  /** The data columns: the declared fields, all text, or else what {@code inferred} gives. */
  public StructType dataSchema(Supplier<StructType> inferred) {
    return declared.map(SourceReads::asStrings).orElseGet(inferred);
  }

  /**
   * A field's value, with the texts {@code source.null-values} names as null (text fields only).
   */
  public Column withNulls(Column value, StructField field) {
    return field.dataType().equals(DataTypes.StringType) ? source.nullValues().apply(value) : value;
  }
}
