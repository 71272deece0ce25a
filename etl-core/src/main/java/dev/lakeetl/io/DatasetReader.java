package dev.lakeetl.io;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Reads source files of one format into a dataset that keeps every record.
 *
 * <p>The returned rows have:
 *
 * <ul>
 *   <li>with a declared {@code source.schema}: one column per declared field, same names and order.
 *       JSON and CSV columns are STRING whatever the declared type, so the caller can cast each
 *       column and explain every failed cast; nested JSON values come back as their JSON text.
 *       Parquet columns keep their stored type, and a declared column missing from the files is a
 *       null column of the declared type.
 *   <li>without a declared schema: the columns and types Spark infers.
 *   <li>then {@link MetadataColumns#RAW_RECORD}, {@link MetadataColumns#PARSE_ERROR} and {@link
 *       MetadataColumns#SOURCE_FILE}.
 * </ul>
 *
 * <p>A malformed record is never dropped and never fails the read: it is a row whose data columns
 * are null (or partly filled), with a parse error and its raw text. Blank lines in line-based
 * formats are not records and are skipped.
 */
public interface DatasetReader {
  /**
   * Reads {@code files} (as listed by {@link SourceFiles#list}). Lazy: nothing is read until an
   * action runs, except what schema inference needs.
   */
  ReadResult read(SparkSession spark, SourceConfig source, List<SourceFile> files);
}
