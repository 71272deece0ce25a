package dev.lakeetl.jobs.refine;

import dev.lakeetl.io.MetadataColumns;
import java.util.Set;

/**
 * Columns the readers add next to the data, and the ones the pipeline adds while it works. None of
 * them reaches the refined output.
 */
final class InternalColumns {
  /** The original text of the record, never null. */
  static final String RAW_RECORD = MetadataColumns.RAW_RECORD;

  /** Why the reader could not parse the record, null if it could. */
  static final String PARSE_ERROR = MetadataColumns.PARSE_ERROR;

  /** The file the record came from. */
  static final String SOURCE_FILE = MetadataColumns.SOURCE_FILE;

  /** Stands for {@link #SOURCE_FILE} in the shuffle (see {@link SourceFileIds}). */
  static final String SOURCE_FILE_ID = SourceFileIds.ID;

  /** Why the pipeline quarantines the row, null for a valid row. */
  static final String REJECT_REASON = "_reject_reason";

  /** Marks the rows deduplication drops. */
  static final String DUPLICATE = "_duplicate";

  private static final Set<String> ALL =
      Set.of(RAW_RECORD, PARSE_ERROR, SOURCE_FILE, SOURCE_FILE_ID, REJECT_REASON, DUPLICATE);

  private InternalColumns() {}

  static boolean isInternal(String column) {
    return ALL.contains(column);
  }
}
