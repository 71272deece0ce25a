package dev.lakeetl.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds source configs and input files for reader tests. */
final class Sources {
  private Sources() {}

  static SourceConfig json(Path path, String schema) {
    return config(path, SourceFormat.JSON, false, schema, CsvOptions.DEFAULT, Map.of());
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
