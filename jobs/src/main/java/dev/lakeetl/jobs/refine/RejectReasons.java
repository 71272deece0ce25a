package dev.lakeetl.jobs.refine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code _reject_reason} column: null for a valid row, else every reason the row is quarantined
 * for, joined with {@code "; "}. Rows the reader could not parse start with the reader's reason.
 */
public final class RejectReasons {
  static final String SEPARATOR = "; ";

  private RejectReasons() {}

  /** Adds {@code _reject_reason}, starting from {@code _parse_error} if the dataset has one. */
  public static Dataset<Row> start(Dataset<Row> input) {
    Column initial =
        hasParseError(input) ? col(InternalColumns.PARSE_ERROR) : lit(null).cast("string");
    return input.withColumn(InternalColumns.REJECT_REASON, initial);
  }

  /** Appends reasons (each null when it does not apply) to {@code _reject_reason}. */
  static Dataset<Row> append(Dataset<Row> input, List<Column> reasons) {
    if (reasons.isEmpty()) {
      return input;
    }
    Column[] all = new Column[reasons.size() + 1];
    all[0] = col(InternalColumns.REJECT_REASON);
    for (int i = 0; i < reasons.size(); i++) {
      all[i + 1] = reasons.get(i);
    }
    // concat_ws skips nulls; an empty result means no reason at all.
    Column joined = concat_ws(SEPARATOR, all);
    return input.withColumn(
        InternalColumns.REJECT_REASON,
        when(length(joined).equalTo(0), lit(null)).otherwise(joined));
  }

  /**
   * Whether the row parsed. Field checks only apply to parsed rows: an unparsable record has no
   * fields, and "missing field" reasons would only hide the real one.
   */
  static Column parsed(Dataset<Row> input) {
    return hasParseError(input) ? col(InternalColumns.PARSE_ERROR).isNull() : lit(true);
  }

  /** The rows without a reason, without the reason and parse error columns. */
  public static Dataset<Row> valid(Dataset<Row> checked) {
    return checked
        .filter(col(InternalColumns.REJECT_REASON).isNull())
        .drop(InternalColumns.REJECT_REASON, InternalColumns.PARSE_ERROR);
  }

  private static boolean hasParseError(Dataset<Row> input) {
    return Arrays.asList(input.columns()).contains(InternalColumns.PARSE_ERROR);
  }

  /** The rows with a reason. */
  public static Dataset<Row> rejected(Dataset<Row> checked) {
    return checked.filter(col(InternalColumns.REJECT_REASON).isNotNull());
  }
}
