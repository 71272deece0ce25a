package dev.lakeetl.io;

import java.util.Locale;

/** File formats a raw dataset can arrive in. */
public enum SourceFormat {
  /**
   * One JSON document per line, or, with {@code source.multiline}, JSON arrays/documents spanning
   * lines.
   */
  JSON,
  /** Delimited text with optional header. */
  CSV,
  /** Apache Parquet. */
  PARQUET;

  /** The configuration spelling of this format, e.g. {@code json}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
