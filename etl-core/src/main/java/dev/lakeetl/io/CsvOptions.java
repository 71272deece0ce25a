package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

/**
 * How delimited text is split into fields.
 *
 * @param header whether the first line of each file names the columns
 * @param delimiter field separator, one or more characters
 * @param quote quote character
 * @param escape escape character inside quoted values
 */
public record CsvOptions(boolean header, String delimiter, String quote, String escape) {
  public static final CsvOptions DEFAULT = new CsvOptions(true, ",", "\"", "\\");

  public CsvOptions {
    requireNonNull(delimiter, "delimiter is null");
    requireNonNull(quote, "quote is null");
    requireNonNull(escape, "escape is null");
    if (delimiter.isEmpty()) {
      throw new IllegalArgumentException("Cannot read CSV: delimiter is empty");
    }
  }
}
