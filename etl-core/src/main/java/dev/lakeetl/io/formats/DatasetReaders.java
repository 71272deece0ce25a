package dev.lakeetl.io.formats;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.DatasetReader;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.csv.CsvReader;
import dev.lakeetl.io.json.JsonReader;
import dev.lakeetl.io.parquet.ParquetReader;

/** The reader for each {@link SourceFormat}. */
public final class DatasetReaders {
  private DatasetReaders() {}

  /** The reader for {@code format}. */
  public static DatasetReader forFormat(SourceFormat format) {
    requireNonNull(format, "format is null");
    return switch (format) {
      case JSON -> new JsonReader();
      case CSV -> new CsvReader();
      case PARQUET -> new ParquetReader();
    };
  }
}
