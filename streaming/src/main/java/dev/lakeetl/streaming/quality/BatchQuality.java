package dev.lakeetl.streaming.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.Ratio;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>The share of each batch's records that went to the quarantine, for any reason, is checked
 * against {@code quarantine.max-ratio} ({@link #checkRejectedShare}) and tallied as an entry of its
 * own, named after the key.
 */
public final class BatchQuality {
  /** The name and type of the tally of {@code quarantine.max-ratio}. */
  public static final String REJECT_LIMIT_TYPE = "reject-ratio";

  private static final Logger LOG = LoggerFactory.getLogger(BatchQuality.class);
  private static final Duration OBSERVATION_TIMEOUT = Duration.ofMinutes(5);

  private final RuleSet rules;
  private final Optional<RejectLimit> rejectLimit;
  private final Map<String, RuleTally> tallies = new LinkedHashMap<>();
  private RuleTally rejectTally;

  /** The rules, without a limit on quarantined records. */
  public BatchQuality(RuleSet rules) {
    this(rules, Optional.empty());
  }

  /**
   * @param rejectLimit quarantine.max-ratio and stream.stop-on-max-ratio; empty when the limit is
   *     off
   */
  public BatchQuality(RuleSet rules, Optional<RejectLimit> rejectLimit) {
    this.rules = requireNonNull(rules, "rules is null");
    this.rejectLimit = requireNonNull(rejectLimit, "rejectLimit is null");
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

  /**
   * Checks the share of a staged batch's records that went to the quarantine against {@code
   * quarantine.max-ratio} and tallies it. Over the limit the batch is logged at WARN with the
   * numbers, or, with {@code stream.stop-on-max-ratio}, rejected.
   *
   * @param records the records of the batch
   * @param quarantined those of them written to the quarantine
   * @throws BatchRejectedException over the limit, when the stream is to stop
   */
  public void checkRejectedShare(long batchId, long records, long quarantined) {
    if (rejectLimit.isEmpty()) {
      return;
    }
    Ratio limit = rejectLimit.get().maxRatio();
    boolean over = limit.isExceededBy(quarantined, records);
    synchronized (tallies) {
      RuleTally tally =
          rejectTally != null
              ? rejectTally
              : new RuleTally(
                  CoreKeys.QUARANTINE_MAX_RATIO.name(),
                  REJECT_LIMIT_TYPE,
                  rejectLimit.get().stop() ? "fail" : "warn",
                  0,
                  0,
                  0);
      rejectTally =
          new RuleTally(
              tally.rule(),
              tally.type(),
              tally.severity(),
              tally.batches() + 1,
              tally.brokenBatches() + (over ? 1 : 0),
              tally.failedRows() + (over ? quarantined : 0));
    }
    if (!over) {
      return;
    }
    String share =
        String.format(
            Locale.ROOT,
            "rejected %,d of %,d records (%s), more than %s %s",
            quarantined,
            records,
            Ratio.percent(quarantined, records),
            CoreKeys.QUARANTINE_MAX_RATIO.name(),
            limit);
    if (rejectLimit.get().stop()) {
      throw new BatchRejectedException(
          batchId, share + " (" + RejectLimit.STOP_ON_MAX_RATIO.name() + ")");
    }
    LOG.warn(
        "Batch {}: {}; published with its quarantined records ({}: true stops the stream"
            + " instead)",
        batchId,
        share,
        RejectLimit.STOP_ON_MAX_RATIO.name());
  }

  /**
   * Per rule, what the batches checked so far found, in declaration order, then the tally of {@code
   * quarantine.max-ratio} once a batch was checked against it.
   */
  public List<RuleTally> tallies() {
    synchronized (tallies) {
      List<RuleTally> all = new ArrayList<>(tallies.values());
      if (rejectTally != null) {
        all.add(rejectTally);
      }
      return List.copyOf(all);
    }
  }
}
