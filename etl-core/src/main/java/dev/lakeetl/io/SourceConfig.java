package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how a batch job reads its input.
 *
 * @param paths one or more files or folders; {@code s3://} paths are accepted on every runtime
 * @param format file format
 * @param multiline JSON only: records may span lines (JSON arrays, pretty-printed documents)
 * @param schemaDdl declared schema as a Spark DDL string ({@code "id BIGINT, name STRING"}); empty
 *     means infer it from the data
 * @param csv CSV splitting options (ignored for other formats)
 * @param timestampFormat pattern for parsing TIMESTAMP columns from text, empty for Spark's default
 * @param dateFormat pattern for parsing DATE columns from text, empty for Spark's default
 * @param recursive read files in nested folders too
 * @param options extra Spark reader options passed through as they are ({@code source.options.*})
 * @param nullValues CSV and JSON: which field texts are null ({@code source.empty-as-null}, {@code
 *     source.null-values})
 */
public record SourceConfig(
    List<String> paths,
    SourceFormat format,
    boolean multiline,
    Optional<String> schemaDdl,
    CsvOptions csv,
    Optional<String> timestampFormat,
    Optional<String> dateFormat,
    boolean recursive,
    Map<String, String> options,
    NullValues nullValues) {

  public SourceConfig {
    paths = List.copyOf(requireNonNull(paths, "paths is null"));
    requireNonNull(format, "format is null");
    requireNonNull(schemaDdl, "schemaDdl is null");
    requireNonNull(csv, "csv is null");
    requireNonNull(timestampFormat, "timestampFormat is null");
    requireNonNull(dateFormat, "dateFormat is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    requireNonNull(nullValues, "nullValues is null");
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("Cannot read source: no path given");
    }
  }

  /** The same source reading {@code paths} instead. */
  public SourceConfig withPaths(List<String> paths) {
    return new SourceConfig(
        paths,
        format,
        multiline,
        schemaDdl,
        csv,
        timestampFormat,
        dateFormat,
        recursive,
        options,
        nullValues);
  }
}
