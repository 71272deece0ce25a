package dev.lakeetl.io.csv;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import dev.lakeetl.io.CsvOptions;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Counts the fields of one CSV line with the same splitting rules Spark uses (univocity), so a
 * malformed record can say how many fields it had.
 */
final class CsvFieldCounter implements UDF1<String, Integer> {
  private static final long serialVersionUID = 1L;

  private final String delimiter;
  private final char quote;
  private final char escape;
  private transient CsvParser parser;

  CsvFieldCounter(CsvOptions options) {
    this.delimiter = options.delimiter();
    this.quote = firstChar(options.quote());
    this.escape = firstChar(options.escape());
  }

  private static char firstChar(String value) {
    // Spark reads an empty quote or escape as "none", which univocity spells '\0'.
    return value.isEmpty() ? '\0' : value.charAt(0);
  }

  @Override
  public Integer call(String line) {
    if (line == null) {
      return null;
    }
    String[] fields = parser().parseLine(line);
    return fields == null ? 0 : fields.length;
  }

  private CsvParser parser() {
    if (parser == null) {
      CsvParserSettings settings = new CsvParserSettings();
      settings.getFormat().setDelimiter(delimiter);
      settings.getFormat().setQuote(quote);
      settings.getFormat().setQuoteEscape(escape);
      settings.getFormat().setComment('\0');
      settings.setIgnoreLeadingWhitespaces(false);
      settings.setIgnoreTrailingWhitespaces(false);
      settings.setMaxCharsPerColumn(-1);
      settings.setMaxColumns(100_000);
      settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
      parser = new CsvParser(settings);
    }
    return parser;
  }
}
