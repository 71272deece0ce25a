package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Carries the source file of each row through the deduplication shuffle as a small number instead
 * of its path. The path is the widest column of a shuffled flight record (about a third of its
 * bytes); it is looked up before the shuffle and put back after it, so the output is the same.
 *
 * <p>Numbers follow the order Spark sorts the paths in (UTF-8 bytes), so ordering by the number is
 * ordering by the path: the deduplication tie-break keeps the same survivor. A path that is not in
 * the list (there should be none) is carried as it is, with no number.
 */
final class SourceFileIds {
  /** Position of the row's file in {@link #paths()}; null when the path is not in the list. */
  static final String ID = "_source_file_id";

  /**
   * The lookup compares the row's path with each listed path in turn, so it only pays for a
   * moderate number of files; with more, the path is carried as it is.
   */
  static final int MAX_FILES = 64;

  private final List<String> paths;

  private SourceFileIds(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  /**
   * The files a dataset reads, in the forms Spark may report them in a row's {@code _source_file},
   * sorted; empty when there are none or more than {@link #MAX_FILES}.
   */
  static SourceFileIds of(Dataset<Row> input) {
    requireNonNull(input, "input is null");
    String[] files = input.inputFiles();
    if (files.length > MAX_FILES) {
      return new SourceFileIds(List.of());
    }
    return of(Arrays.asList(files));
  }

  /** The given paths, plus the other forms of each, sorted as Spark sorts strings. */
  static SourceFileIds of(List<String> files) {
    requireNonNull(files, "files is null");
    Set<String> forms = new LinkedHashSet<>();
    for (String file : files) {
      forms.add(file);
      forms.add(new Path(file).toUri().toString());
      // Dataset.inputFiles gives local files as file:///x, rows name them file:/x.
      try {
        URI uri = new URI(file);
        if (uri.getScheme() != null && uri.getRawAuthority() == null && uri.getRawPath() != null) {
          forms.add(uri.getScheme() + ":" + uri.getRawPath());
        }
      } catch (URISyntaxException e) {
        // Not a URI (a plain path): the forms above are all there is.
      }
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort((a, b) -> UTF8String.fromString(a).compareTo(UTF8String.fromString(b)));
    return new SourceFileIds(sorted);
  }

  List<String> paths() {
    return paths;
  }

  /**
   * Adds {@link #ID} and keeps {@code _source_file} only for rows whose path is not listed. Returns
   * the input unchanged when it has no {@code _source_file} or no paths are listed.
   */
  Dataset<Row> encode(Dataset<Row> input) {
    requireNonNull(input, "input is null");
    if (paths.isEmpty() || !Arrays.asList(input.columns()).contains(InternalColumns.SOURCE_FILE)) {
      return input;
    }
    List<Column> entries = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      entries.add(lit(paths.get(i)));
      entries.add(lit(i));
    }
    // A map of literals folds into one literal: no map is built per row.
    Column id =
        element_at(functions.map(entries.toArray(Column[]::new)), col(InternalColumns.SOURCE_FILE));
    return input
        .withColumn(ID, id)
        .withColumn(
            InternalColumns.SOURCE_FILE, when(col(ID).isNull(), col(InternalColumns.SOURCE_FILE)));
  }

  /**
   * Puts the path back into {@code _source_file} and drops {@link #ID}, if {@link #encode} added
   * it.
   */
  Dataset<Row> decode(Dataset<Row> input) {
    requireNonNull(input, "input is null");
    if (!Arrays.asList(input.columns()).contains(ID)) {
      return input;
    }
    Column listed =
        element_at(
            functions.array(paths.stream().map(functions::lit).toArray(Column[]::new)),
            col(ID).plus(1));
    return input
        .withColumn(InternalColumns.SOURCE_FILE, coalesce(listed, col(InternalColumns.SOURCE_FILE)))
        .drop(ID);
  }
}
