package dev.lakeetl.streaming.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.QualityEvaluator;
import dev.lakeetl.quality.QualityGate;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.quality.QualityResults;
import dev.lakeetl.quality.RuleResult;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code quality.*} rules, checked on every micro-batch of refined rows inside the one-pass
 * sink: planned over the batch before it is written (row rules are counted while it is written),
 * evaluated over the staged rows, and tallied per rule for the run report.
 *
 * <p>Per batch, a {@code warn} rule that does not hold is logged and tallied; rows that break a
 * {@code quarantine} rule go to the quarantine with the rule as reason; a {@code fail} rule that
 * does not hold rejects the whole batch ({@link BatchRejectedException}). Rules that compare with
 * earlier runs (row-count anomaly and change) and references to job datasets have no meaning for a
 * micro-batch and are rejected when the job starts.
 */
public final class BatchQuality {
  private static final Duration OBSERVATION_TIMEOUT = Duration.ofMinutes(5);

  private final RuleSet rules;
  private final Map<String, RuleTally> tallies = new LinkedHashMap<>();

  public BatchQuality(RuleSet rules) {
    this.rules = requireNonNull(rules, "rules is null");
  }

  /** No checks. */
  public static BatchQuality none() {
    return new BatchQuality(RuleSet.EMPTY);
  }

  /**
   * Why each rule of {@code rules} cannot run on a micro-batch, naming the rule; empty when all
   * can.
   */
  public static List<String> unsupported(RuleSet rules) {
    requireNonNull(rules, "rules is null");
    List<String> problems = new ArrayList<>();
    for (QualityRule rule : rules.rules()) {
      if (QualityEvaluator.usesHistory(rule)) {
        problems.add(
            QualityKeys.RULES.name()
                + "."
                + rule.name()
                + ": a "
                + rule.type()
                + " rule compares whole runs; the streaming job checks each micro-batch, whose size"
                + " follows the trigger, not the data");
      } else if (rule instanceof QualityRule.References references
          && references.reference().isDataset()) {
        problems.add(
            QualityKeys.RULES.name()
                + "."
                + rule.name()
                + ": reference.dataset names a dataset of a batch job; the streaming job has none,"
                + " give reference.path instead");
      }
    }
    return problems;
  }

  /** Whether any rule is configured. */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /**
   * Plans the rules over no rows of {@code schema}, so a rule that names a missing column or an
   * unreadable reference stops the job before the stream starts, not at its first batch.
   *
   * @throws IllegalArgumentException naming the rule
   */
  public void checkAgainst(SparkSession spark, StructType schema) {
    requireNonNull(spark, "spark is null");
    requireNonNull(schema, "schema is null");
    if (enabled()) {
      QualityGate.plan(spark.createDataFrame(List.of(), schema), rules);
    }
  }

  /**
   * {@code refined} without the rows a {@code quarantine} rule would send to the quarantine, for
   * the windowed aggregates (a streaming query of its own), which must not count them.
   */
  public Dataset<Row> withoutQuarantined(Dataset<Row> refined) {
    requireNonNull(refined, "refined is null");
    return enabled() ? QualityGate.withoutQuarantined(refined, rules) : refined;
  }

  /** The checks over one batch's refined rows; writing its output counts the row rules. */
  public QualityPlan plan(Dataset<Row> refined) {
    return QualityGate.plan(requireNonNull(refined, "refined is null"), rules);
  }

  /**
   * Evaluates the planned checks once the batch's output is written (staged) and tallies them.
   *
   * @param written the rows as written, for the rules that need another pass
   */
  public QualityResults evaluate(QualityPlan plan, Dataset<Row> written, Instant now) {
    QualityResults results =
        QualityEvaluator.evaluate(plan, written, now, OBSERVATION_TIMEOUT).results();
    synchronized (tallies) {
      for (RuleResult result : results.results()) {
        tallies.merge(
            result.rule(), RuleTally.of(result).plus(result), (old, ignored) -> old.plus(result));
      }
    }
    return results;
  }

  /** Per rule, what the batches checked so far found, in declaration order. */
  public List<RuleTally> tallies() {
    synchronized (tallies) {
      return List.copyOf(tallies.values());
    }
  }
}
