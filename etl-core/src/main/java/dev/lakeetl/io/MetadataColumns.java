package dev.lakeetl.io;

import java.util.List;

/** Columns every reader adds next to the data columns. */
public final class MetadataColumns {
  /** The original text of the record (JSON line, CSV line) or a JSON rendering; never null. */
  public static final String RAW_RECORD = "_raw_record";

  /** Null when the record parsed; otherwise a short reason such as {@code malformed JSON}. */
  public static final String PARSE_ERROR = "_parse_error";

  /** Full path of the file the record came from, as Spark reports it (URI form). */
  public static final String SOURCE_FILE = "_source_file";

  public static final List<String> ALL = List.of(RAW_RECORD, PARSE_ERROR, SOURCE_FILE);

  private MetadataColumns() {}
}
