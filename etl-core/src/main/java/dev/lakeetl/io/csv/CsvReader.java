package dev.lakeetl.io.csv;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.io.CsvOptions;
import dev.lakeetl.io.NullValues;
import dev.lakeetl.io.SourceReads;
import dev.lakeetl.io.TextRead;
import dev.lakeetl.io.TextReader;
import dev.lakeetl.spark.SqlIdentifiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads delimited text, one record per line.
 *
 * <p>Two steps in one pass: Spark's CSV source, told to split on nothing, yields each record's
 * exact line (skipping each file's header line and blank lines), then {@code from_csv} splits the
 * line with the configured delimiter, quote and escape. A line with more or fewer fields than the
 * schema is a malformed record ("malformed CSV: expected 5 fields, found 7") rather than being
 * null-filled or truncated silently. Records spanning lines (newlines inside quotes) are not
 * supported. Empty fields and {@code source.null-values} are null as {@link NullValues} says.
 */
public final class CsvReader extends TextReader {
  /** A null marker no field or line can be. */
  private static final String NO_NULL = "\u0000\u0000lakeetl-no-null\u0000\u0000";

  /** A separator no text line should contain; a line that does is still kept whole. */
  private static final String NO_SPLIT = "\u001F";

  @Override
  protected Dataset<Row> rows(TextRead read) {
    CsvOptions csv = read.source().csv();
    Map<String, String> splitOptions = read.readerOptions();
    splitOptions.put("sep", csv.delimiter());
    splitOptions.put("quote", csv.quote());
    splitOptions.put("escape", csv.escape());
    splitOptions.put("header", String.valueOf(csv.header()));

    StructType dataSchema =
        read.dataSchema(() -> read.spark().read().options(splitOptions).csv(read.paths()).schema());

    Dataset<Row> lines = readLines(read);

    Map<String, String> parseOptions = new HashMap<>(splitOptions);
    parseOptions.remove("header");
    parseOptions.putAll(KEEP_MALFORMED);
    if (!SourceReads.hasOption(parseOptions, "nullValue")) {
      parseOptions.putAll(read.source().nullValues().csvOptions());
    }
    StructType parseSchema = dataSchema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> parsed =
        lines.select(
            col(LINE),
            col(FILE),
            from_csv(col(LINE), lit(parseSchema.toDDL()), parseOptions).as(PARSED));

    List<Column> dataColumns = new ArrayList<>();
    for (StructField field : dataSchema.fields()) {
      // Spark fills what it could split of a malformed line; the contract is null data columns.
      Column value = read.withNulls(col(PARSED).getField(field.name()), field);
      dataColumns.add(when(col(PARSED).getField(CORRUPT).isNull(), value).as(field.name()));
    }
    int expected = dataSchema.fields().length;
    UserDefinedFunction countFields = udf(new CsvFieldCounter(csv), DataTypes.IntegerType);
    Column found = countFields.apply(col(LINE));
    Column parseError =
        when(
            col(PARSED).getField(CORRUPT).isNotNull(),
            when(
                    found.notEqual(lit(expected)),
                    concat(
                        lit("malformed CSV: expected " + expected + " fields, found "),
                        found.cast(DataTypes.StringType)))
                .otherwise(lit("malformed CSV")));
    return parsed.select(
        SourceReads.withMetadata(dataColumns, col(LINE), parseError, col(FILE))
            .toArray(Column[]::new));
  }

  /**
   * Each record's exact line and file. The single column is named after the first file's header
   * line so Spark's header check (which runs for every file) stays quiet unless a file's header
   * differs from the first one.
   */
  private static Dataset<Row> readLines(TextRead read) {
    Map<String, String> options = read.readerOptions();
    boolean header = read.source().csv().header();
    String column = header ? firstLine(read, options).orElse(LINE) : LINE;
    options.put("header", String.valueOf(header));
    options.put("sep", NO_SPLIT);
    options.put("quote", "");
    options.put("escape", "\\");
    options.put("inferSchema", "false");
    options.put("enforceSchema", "true");
    options.put("ignoreLeadingWhiteSpace", "false");
    options.put("ignoreTrailingWhiteSpace", "false");
    options.put("maxCharsPerColumn", "-1");
    // A line equal to the null marker must stay text: use a marker no line can be.
    options.put("nullValue", NO_NULL);
    options.put("emptyValue", "");
    options.putAll(KEEP_MALFORMED);
    StructType schema =
        new StructType()
            .add(column, DataTypes.StringType, true)
            .add(CORRUPT, DataTypes.StringType, true);
    Column line = col(SqlIdentifiers.quoted(column));
    // A line containing the no-split separator has two "fields": Spark then keeps it whole in the
    // corrupt-record column.
    return read.spark()
        .read()
        .options(options)
        .schema(schema)
        .csv(read.paths())
        .select(coalesce(col(CORRUPT), line).as(LINE), SourceReads.sourceFileColumn().as(FILE));
  }

  /** The first non-blank line of the first file, read the way Spark will read it. */
  private static Optional<String> firstLine(TextRead read, Map<String, String> options) {
    String charset = options.getOrDefault("encoding", options.getOrDefault("charset", "UTF-8"));
    String comment = options.getOrDefault("comment", "");
    String file = read.files().get(0).path();
    Configuration conf = read.spark().sparkContext().hadoopConfiguration();
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      InputStream raw = fs.open(path);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, Charset.forName(charset)))) {
        String line;
        while ((line = reader.readLine()) != null) {
          boolean commented = !comment.isEmpty() && line.startsWith(comment);
          if (!line.trim().isEmpty() && !commented) {
            return Optional.of(line);
          }
        }
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read source file '" + file + "': " + e.getMessage(), e);
    }
  }
}
