package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A reader of a text format (JSON, CSV). Both read the declared fields as text, keep a record that
 * does not parse through Spark's corrupt-record column (internal, never in the result) and turn the
 * texts {@code source.null-values} names into null; this class holds what they share, a subclass
 * turns the files into rows.
 */
public abstract class TextReader implements DatasetReader {
  /** Spark's corrupt-record column. */
  protected static final String CORRUPT = "_lakeetl_corrupt";

  /** A record's exact text. */
  protected static final String LINE = "_lakeetl_line";

  /** The file a record came from. */
  protected static final String FILE = "_lakeetl_file";

  /** A record parsed into its fields. */
  protected static final String PARSED = "_lakeetl_parsed";

  /** Spark parser options that keep a malformed record, its text in {@link #CORRUPT}. */
  protected static final Map<String, String> KEEP_MALFORMED =
      Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);

  @Override
  public final ReadResult read(SparkSession spark, SourceConfig source, List<SourceFile> files) {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    requireNonNull(files, "files is null");
    SourceReads.registerCodecs(spark);
    Optional<StructType> declared = SourceReads.declaredSchema(source);
    if (files.isEmpty()) {
      StructType dataSchema = declared.map(SourceReads::asStrings).orElse(new StructType());
      return new ReadResult(SourceReads.empty(spark, dataSchema), declared);
    }
    return new ReadResult(rows(new TextRead(spark, source, files, declared)), declared);
  }

  /**
   * The rows of {@code read}'s files (never none): data columns, then {@link
   * SourceReads#withMetadata the metadata columns}.
   */
  protected abstract Dataset<Row> rows(TextRead read);
}
