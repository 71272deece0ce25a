package dev.lakeetl.io;

import dev.lakeetl.io.formats.DatasetReaders;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Builds source configs and input files for reader tests, and reads sources as a job does. */
public final class Sources {
  private Sources() {}

  /** JSON files under {@code path}, nested folders included, read with {@code schema}. */
  public static SourceConfig json(Path path, String schema) {
    return config(path, SourceFormat.JSON, false, schema, CsvOptions.DEFAULT, Map.of());
  }

  /** JSON files at {@code paths}, their schema inferred. */
  public static SourceConfig json(boolean recursive, String... paths) {
    return new SourceConfig(
        List.of(paths),
        SourceFormat.JSON,
        false,
        Optional.empty(),
        CsvOptions.DEFAULT,
        Optional.empty(),
        Optional.empty(),
        recursive,
        Map.of(),
        NullValues.DEFAULT);
  }

  /** Lists the files of {@code source}, then reads them with the reader of its format. */
  public static ReadResult read(SparkSession spark, SourceConfig source) {
    return DatasetReaders.forFormat(source.format())
        .read(spark, source, SourceFiles.list(spark, source));
  }

  static SourceConfig config(
      Path path,
      SourceFormat format,
      boolean multiline,
      String schema,
      CsvOptions csv,
      Map<String, String> options) {
    return new SourceConfig(
        List.of(path.toString()),
        format,
        multiline,
        Optional.ofNullable(schema),
        csv,
        Optional.empty(),
        Optional.empty(),
        true,
        options,
        NullValues.DEFAULT);
  }

  static Path write(Path file, String text) {
    return write(file, text, out -> out);
  }

  /** Writes {@code text} through a compressing stream. */
  static Path write(Path file, String text, Compressor compressor) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = compressor.wrap(Files.newOutputStream(file))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }
}
