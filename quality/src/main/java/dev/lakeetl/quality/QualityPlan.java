package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.rules.RuleSet;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * The planned (not yet executed) quality checks over a dataset.
 *
 * @param rules the rules checked
 * @param output the rows to write: every row, less those that break a quarantine rule; writing it
 *     fills {@code observation}
 * @param quarantined the rows that break a quarantine rule, with the data columns and {@value
 *     #REASON} naming every rule they break; empty when no rule quarantines. Executing it reads the
 *     input again: write it only when a quarantine rule reports failed rows
 * @param observation the row-rule metrics, observed while {@code output} is executed
 */
public record QualityPlan(
    RuleSet rules,
    Dataset<Row> output,
    Optional<Dataset<Row>> quarantined,
    Observation observation) {
  /** The column of {@code quarantined} that holds the reasons. */
  public static final String REASON = "quality_reason";

  static final String ROWS = "dq_rows";
  static final String QUARANTINED = "dq_quarantined";
  static final String FAILED_PREFIX = "dq_failed_";
  static final String NEWEST_PREFIX = "dq_newest_";
  static final String UNIQUE_PREFIX = "dq_unique_";

  public QualityPlan {
    requireNonNull(rules, "rules is null");
    requireNonNull(output, "output is null");
    requireNonNull(quarantined, "quarantined is null");
    requireNonNull(observation, "observation is null");
  }
}
