package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.spark.ObservedMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run's measurements into rule results, after the output was written (staged): row rules,
 * row count and freshness from the metrics observed during the write; uniqueness, primary keys and
 * distinct counts from one Deequ pass over the written data (only when such rules exist); SQL
 * metrics from a query; anomaly rules from the metrics history.
 */
public final class QualityEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(QualityEvaluator.class);

  /** The view name CustomSql / sql-metric queries read, as in DQDL. */
  public static final String PRIMARY_VIEW = "primary";

  private QualityEvaluator() {}

  /**
   * What the checks found and the metrics to keep in the history.
   *
   * @param results per-rule results
   * @param metrics dataset metrics of this run (row count and the Deequ metrics computed)
   */
  public record Evaluation(QualityResults results, Map<DeequMetric, Double> metrics) {
    public Evaluation {
      requireNonNull(results, "results is null");
      metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
    }
  }

  /**
   * Evaluates every rule of {@code plan}.
   *
   * @param written the data as written (read back from the staging location), for the checks that
   *     need another pass
   * @param history earlier runs, for anomaly rules
   * @param runId this run, left out of the history it compares with
   * @param now the evaluation time, for freshness
   * @param timeout how long to wait for Spark to deliver the observed metrics
   */
  public static Evaluation evaluate(
      QualityPlan plan,
      Dataset<Row> written,
      MetricsHistory history,
      String runId,
      Instant now,
      Duration timeout) {
    requireNonNull(history, "history is null");
    requireNonNull(runId, "runId is null");
    return evaluate(plan, written, () -> history.publishedRowCounts(runId), now, timeout);
  }

  /**
   * Evaluates every rule of {@code plan} without a metrics history, e.g. for one micro-batch of a
   * stream.
   *
   * @throws IllegalArgumentException when a rule compares with earlier runs ({@link #usesHistory})
   */
  public static Evaluation evaluate(
      QualityPlan plan, Dataset<Row> written, Instant now, Duration timeout) {
    requireNonNull(plan, "plan is null");
    plan.rules().rules().stream()
        .filter(QualityEvaluator::usesHistory)
        .findFirst()
        .ifPresent(
            rule -> {
              throw new IllegalArgumentException(
                  "Cannot evaluate quality rule '" + rule.name() + "' without a metrics history");
            });
    return evaluate(plan, written, List::of, now, timeout);
  }

  private static Evaluation evaluate(
      QualityPlan plan,
      Dataset<Row> written,
      Supplier<List<Long>> history,
      Instant now,
      Duration timeout) {
    requireNonNull(plan, "plan is null");
    requireNonNull(written, "written is null");
    requireNonNull(now, "now is null");
    requireNonNull(timeout, "timeout is null");
    Map<String, Object> observed =
        ObservedMetrics.await(plan.observation(), timeout, "evaluate quality rules");
    long rows = longValue(observed.get(QualityPlan.ROWS));
    long quarantined = longValue(observed.get(QualityPlan.QUARANTINED));

    Map<DeequMetric, Double> metrics = new LinkedHashMap<>();
    metrics.put(DeequMetric.SIZE, (double) rows);
    List<DeequMetric> needed = new ArrayList<>();
    List<QualityRule> rules = plan.rules().rules();
    for (int i = 0; i < rules.size(); i++) {
      Object unique = observed.get(QualityPlan.UNIQUE_PREFIX + i);
      if (unique != null && rules.get(i) instanceof QualityRule.Uniqueness uniqueness) {
        // Counted while writing (see QualityGate.Clustering): the same measure as Deequ's.
        metrics.put(
            DeequMetric.uniqueness(uniqueness.columns()),
            rows == 0 ? 1.0 : longValue(unique) / (double) rows);
      } else {
        needed.addAll(deequMetrics(rules.get(i)));
      }
    }
    if (!needed.isEmpty()) {
      long started = System.nanoTime();
      metrics.putAll(Deequ.analyze(written, needed));
      LOG.info(
          "Quality: Deequ computed {} metrics over the written data in {} ms",
          needed.size(),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
    List<Long> previousCounts = List.of();
    if (rules.stream().anyMatch(QualityEvaluator::usesHistory)) {
      previousCounts = history.get();
    }

    List<RuleResult> results = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QualityRule rule = rules.get(i);
      RuleResult result;
      if (rule instanceof QualityRule.RowRule rowRule) {
        long failed = longValue(observed.get(QualityPlan.FAILED_PREFIX + i));
        result = rowResult(rowRule, rows, failed);
      } else if (rule instanceof QualityRule.RowCount rowCount) {
        result = measured(rule, rowCount.count().test(rows), rows, Optional.empty());
      } else if (rule instanceof QualityRule.Freshness freshness) {
        result = freshness(freshness, observed.get(QualityPlan.NEWEST_PREFIX + i), now);
      } else if (rule instanceof QualityRule.Uniqueness uniqueness) {
        double value = metrics.get(DeequMetric.uniqueness(uniqueness.columns()));
        result = measured(rule, uniqueness.fraction().test(value), value, Optional.empty());
      } else if (rule instanceof QualityRule.PrimaryKey key) {
        result = primaryKey(key, metrics);
      } else if (rule instanceof QualityRule.DistinctValues distinct) {
        double value = metrics.get(DeequMetric.countDistinct(distinct.columns()));
        result = measured(rule, distinct.count().test(value), value, Optional.empty());
      } else if (rule instanceof QualityRule.SqlMetric sql) {
        double value = sqlMetric(sql, written);
        result = measured(rule, sql.value().test(value), value, Optional.empty());
      } else if (rule instanceof QualityRule.RowCountAnomaly anomaly) {
        result = anomaly(anomaly, rows, previousCounts);
      } else if (rule instanceof QualityRule.RowCountChange change) {
        result = change(change, rows, previousCounts);
      } else {
        throw new IllegalStateException("Unhandled rule type " + rule.type());
      }
      results.add(result);
      if (result.status() == RuleStatus.PASSED) {
        LOG.info("Quality: {}", result.describe());
      } else {
        LOG.warn("Quality: {}", result.describe());
      }
    }
    return new Evaluation(new QualityResults(rows, quarantined, results), metrics);
  }

  private static RuleResult rowResult(QualityRule.RowRule rule, long rows, long failed) {
    double fraction = rows == 0 ? 1.0 : (rows - failed) / (double) rows;
    RuleStatus status;
    if (rule.severity() == Severity.QUARANTINE) {
      status = failed == 0 ? RuleStatus.PASSED : RuleStatus.QUARANTINED;
    } else {
      status = rule.fraction().test(fraction) ? RuleStatus.PASSED : broken(rule.severity());
    }
    return new RuleResult(
        rule.name(),
        rule.type(),
        rule.severity(),
        status,
        OptionalDouble.of(fraction),
        rule.threshold(),
        OptionalLong.of(failed),
        Optional.empty());
  }

  private static RuleResult freshness(QualityRule.Freshness rule, Object newest, Instant now) {
    if (newest == null) {
      return new RuleResult(
          rule.name(),
          rule.type(),
          rule.severity(),
          broken(rule.severity()),
          OptionalDouble.empty(),
          rule.threshold(),
          OptionalLong.empty(),
          Optional.of("column '" + rule.column() + "' has no values"));
    }
    double ageSeconds = now.toEpochMilli() / 1000.0 - ((Number) newest).doubleValue();
    double hours = ageSeconds / 3600.0;
    return measured(rule, ageSeconds <= rule.maxAge().toSeconds(), hours, Optional.empty());
  }

  private static RuleResult primaryKey(
      QualityRule.PrimaryKey rule, Map<DeequMetric, Double> metrics) {
    double uniqueness = metrics.get(DeequMetric.uniqueness(rule.columns()));
    double completeness = 1.0;
    for (String column : rule.columns()) {
      completeness = Math.min(completeness, metrics.get(DeequMetric.completeness(column)));
    }
    boolean holds = uniqueness >= 1.0 && completeness >= 1.0;
    return measured(
        rule,
        holds,
        Math.min(uniqueness, completeness),
        Optional.of(
            "uniqueness "
                + Condition.format(uniqueness)
                + ", completeness "
                + Condition.format(completeness)));
  }

  private static double sqlMetric(QualityRule.SqlMetric rule, Dataset<Row> written) {
    written.createOrReplaceTempView(PRIMARY_VIEW);
    List<Row> rows;
    try {
      rows = written.sparkSession().sql(rule.sql()).takeAsList(2);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot check quality rule '" + rule.name() + "': query failed: " + e.getMessage(), e);
    }
    if (rows.size() != 1 || rows.get(0).size() != 1 || !(rows.get(0).get(0) instanceof Number)) {
      throw new IllegalArgumentException(
          "Cannot check quality rule '"
              + rule.name()
              + "': the query must return one row with one number, it returned "
              + rows);
    }
    return ((Number) rows.get(0).get(0)).doubleValue();
  }

  private static RuleResult anomaly(
      QualityRule.RowCountAnomaly rule, long rows, List<Long> previousCounts) {
    if (previousCounts.isEmpty()) {
      return firstRun(rule);
    }
    List<Long> window =
        previousCounts.subList(
            Math.max(0, previousCounts.size() - rule.runs()), previousCounts.size());
    double mean = window.stream().mapToLong(Long::longValue).average().orElse(0);
    double deviation = percentChange(rows, mean);
    return measured(
        rule,
        deviation <= rule.maxDeviationPercent(),
        deviation,
        Optional.of(
            "deviation in percent from the mean "
                + Condition.format(Math.round(mean * 100) / 100.0)
                + " of the last "
                + window.size()
                + " runs"));
  }

  private static RuleResult change(
      QualityRule.RowCountChange rule, long rows, List<Long> previousCounts) {
    if (previousCounts.isEmpty()) {
      return firstRun(rule);
    }
    long previous = previousCounts.get(previousCounts.size() - 1);
    double change = percentChange(rows, previous);
    return measured(
        rule,
        change <= rule.maxChangePercent(),
        change,
        Optional.of("change in percent from the previous run's " + previous + " rows"));
  }

  private static double percentChange(double value, double base) {
    if (base == 0) {
      return value == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(value - base) / base * 100.0;
  }

  private static RuleResult firstRun(QualityRule rule) {
    return new RuleResult(
        rule.name(),
        rule.type(),
        rule.severity(),
        RuleStatus.PASSED,
        OptionalDouble.empty(),
        rule.threshold(),
        OptionalLong.empty(),
        Optional.of("no history yet: passes until earlier runs are recorded"));
  }

  private static RuleResult measured(
      QualityRule rule, boolean holds, double value, Optional<String> note) {
    return new RuleResult(
        rule.name(),
        rule.type(),
        rule.severity(),
        holds ? RuleStatus.PASSED : broken(rule.severity()),
        OptionalDouble.of(value),
        rule.threshold(),
        OptionalLong.empty(),
        note);
  }

  private static RuleStatus broken(Severity severity) {
    return severity == Severity.FAIL ? RuleStatus.FAILED : RuleStatus.WARNED;
  }

  /** Whether {@code rule} compares this run with earlier ones in the metrics history. */
  public static boolean usesHistory(QualityRule rule) {
    return rule instanceof QualityRule.RowCountAnomaly
        || rule instanceof QualityRule.RowCountChange;
  }

  private static List<DeequMetric> deequMetrics(QualityRule rule) {
    if (rule instanceof QualityRule.Uniqueness uniqueness) {
      return List.of(DeequMetric.uniqueness(uniqueness.columns()));
    }
    if (rule instanceof QualityRule.DistinctValues distinct) {
      return List.of(DeequMetric.countDistinct(distinct.columns()));
    }
    if (rule instanceof QualityRule.PrimaryKey key) {
      List<DeequMetric> metrics = new ArrayList<>();
      metrics.add(DeequMetric.uniqueness(key.columns()));
      for (String column : key.columns()) {
        metrics.add(DeequMetric.completeness(column));
      }
      return metrics;
    }
    return List.of();
  }

  private static long longValue(Object value) {
    return value == null ? 0L : ((Number) value).longValue();
  }
}
