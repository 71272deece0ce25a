package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.spark.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Quarantines parsed rows that lack a value the refined data must have. Runs on the raw values,
 * before {@link SchemaEnforcement}, so a value that is present but does not cast gets the cast
 * reason only, not a second "missing" one.
 */
public final class RequiredFields {
  private RequiredFields() {}

  /**
   * A column that must not be null, and the reason given when it is.
   *
   * @param column raw column name
   * @param reason reason text, e.g. {@code missing required field 'origin'}
   */
  public record Requirement(String column, String reason) {
    public Requirement {
      requireNonNull(column, "column is null");
      requireNonNull(reason, "reason is null");
    }

    /**
     * A required field ({@code transform.required}).
     *
     * @param column raw column name
     * @param fieldName name in the refined data, which is what the user configured
     */
    public static Requirement required(String column, String fieldName) {
      String source = column.equals(fieldName) ? "" : " (source field '" + column + "')";
      return new Requirement(column, "missing required field '" + fieldName + "'" + source);
    }
  }

  /** Appends the reason of every requirement a parsed row violates to {@code _reject_reason}. */
  public static Dataset<Row> apply(Dataset<Row> input, List<Requirement> requirements) {
    requireNonNull(input, "input is null");
    requireNonNull(requirements, "requirements is null");
    Column parsed = RejectReasons.parsed(input);
    List<Column> reasons = new ArrayList<>();
    for (Requirement requirement : requirements) {
      Column value = col(SqlIdentifiers.quoted(requirement.column()));
      reasons.add(when(parsed.and(value.isNull()), lit(requirement.reason())));
    }
    return RejectReasons.append(input, reasons);
  }
}
