package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.spark.DataColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the checks that cost no extra pass: each row rule becomes a boolean column, counted by an
 * {@link Observation} while the output is written, together with the row count and the newest event
 * time of freshness rules. Referential integrity is a broadcast join against the distinct
 * referenced values. Rows that break a quarantine rule are filtered out of the output.
 */
public final class QualityGate {
  private static final Logger LOG = LoggerFactory.getLogger(QualityGate.class);
  private static final String FLAG_PREFIX = "_dq_pass_";
  private static final String REFERENCE_PREFIX = "_dq_ref_";
  private static final String COUNT_PREFIX = "_dq_count_";

  private QualityGate() {}

  /**
   * How the data to check is already laid out: hash-partitioned by {@code columns}, whose values
   * are determined by {@code determinedBy} (e.g. year/month/day derived from an event time in the
   * dedupe key). Then all rows sharing a value of any superset of {@code determinedBy} sit in one
   * Spark partition, and uniqueness of such columns is a window within that partitioning, counted
   * in the writing pass instead of a Deequ pass with its own shuffle. {@code deduplicated}: each
   * value of {@code determinedBy} is in one row (raw-to-refined removed the duplicates of its
   * dedupe key), so uniqueness of any superset holds without counting.
   */
  public record Clustering(List<String> columns, List<String> determinedBy, boolean deduplicated) {
    public Clustering {
      columns = List.copyOf(requireNonNull(columns, "columns is null"));
      determinedBy = List.copyOf(requireNonNull(determinedBy, "determinedBy is null"));
    }

    /** A layout whose rows may repeat a value of {@code determinedBy}. */
    public Clustering(List<String> columns, List<String> determinedBy) {
      this(columns, determinedBy, false);
    }

    /** A layout with one row per value of {@code determinedBy} (its duplicates were removed). */
    public static Clustering deduplicated(List<String> columns, List<String> determinedBy) {
      return new Clustering(columns, determinedBy, true);
    }

    boolean coversUniquenessOf(List<String> ruleColumns) {
      return !columns.isEmpty() && ruleColumns.containsAll(determinedBy);
    }
  }

  /** Plans the checks of {@code rules} over {@code data}, whose layout is unknown. */
  public static QualityPlan plan(Dataset<Row> data, RuleSet rules) {
    return plan(data, rules, Optional.empty());
  }

  /**
   * Plans the checks of {@code rules} over {@code data}. Nothing is executed here except reading
   * the distinct values of referenced datasets.
   *
   * @param clustering the data's layout, if the caller knows it
   * @throws IllegalArgumentException naming the rule when it names a column the data lacks or its
   *     reference cannot be read
   */
  public static QualityPlan plan(
      Dataset<Row> data, RuleSet rules, Optional<Clustering> clustering) {
    requireNonNull(data, "data is null");
    requireNonNull(rules, "rules is null");
    requireNonNull(clustering, "clustering is null");
    checkColumns(data, rules);
    List<Column> metrics = new ArrayList<>();
    metrics.add(count(lit(1)).as(QualityPlan.ROWS));
    List<String> flags = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    Dataset<Row> flagged = data;
    List<QualityRule> all = rules.rules();
    for (int i = 0; i < all.size(); i++) {
      QualityRule rule = all.get(i);
      if (rule instanceof QualityRule.Freshness freshness) {
        metrics.add(
            max(RowPredicates.column(freshness.column()).cast("timestamp").cast("double"))
                .as(QualityPlan.NEWEST_PREFIX + i));
      }
      if (rule instanceof QualityRule.Uniqueness uniqueness
          && clustering.isPresent()
          && clustering.get().coversUniquenessOf(uniqueness.columns())) {
        if (clustering.get().deduplicated()) {
          // A count per key would repeat the deduplication's own window only to find 1 everywhere
          // (it doubled the windowing cost of the raw-to-refined benchmark): each row counts once.
          LOG.info(
              "Quality: rule '{}' (uniqueness of {}) holds by construction: the rows were"
                  + " deduplicated on {}; counted without a second window",
              rule.name(),
              uniqueness.columns(),
              clustering.get().determinedBy());
          metrics.add(count(lit(1)).as(QualityPlan.UNIQUE_PREFIX + i));
        } else {
          String occurrences = COUNT_PREFIX + i;
          // Cluster columns first, as the dedupe window of raw-to-refined: the same window
          // specification reuses its sort.
          Set<String> partitioning = new LinkedHashSet<>(clustering.get().columns());
          partitioning.addAll(uniqueness.columns());
          flagged =
              flagged.withColumn(
                  occurrences,
                  count(lit(1))
                      .over(
                          Window.partitionBy(
                              partitioning.stream()
                                  .map(RowPredicates::column)
                                  .toArray(Column[]::new))));
          flags.add(occurrences);
          metrics.add(
              count(when(col(occurrences).equalTo(1), lit(1))).as(QualityPlan.UNIQUE_PREFIX + i));
        }
      }
      if (!(rule instanceof QualityRule.RowRule rowRule)) {
        continue;
      }
      String flag = FLAG_PREFIX + i;
      flagged = withFlag(flagged, rowRule, i, flag);
      flags.add(flag);
      metrics.add(count(when(not(col(flag)), lit(1))).as(QualityPlan.FAILED_PREFIX + i));
      if (rule.severity() == Severity.QUARANTINE) {
        reasons.add(when(not(col(flag)), lit("failed quality rule '" + rule.name() + "'")));
      }
    }
    Column reason = concat_ws("; ", reasons.toArray(Column[]::new));
    Column quarantine = reason.notEqual(lit(""));
    if (!reasons.isEmpty()) {
      metrics.add(count(when(quarantine, lit(1))).as(QualityPlan.QUARANTINED));
    }
    Observation observation = new Observation("lakeetl-quality-" + UUID.randomUUID());
    Dataset<Row> observed =
        flagged.observe(
            observation, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
    String[] flagNames = flags.toArray(String[]::new);
    if (reasons.isEmpty()) {
      return new QualityPlan(rules, observed.drop(flagNames), Optional.empty(), observation);
    }
    Dataset<Row> output = observed.filter(not(quarantine)).drop(flagNames);
    // From the unobserved plan: a second action must not report the metrics twice.
    Dataset<Row> quarantined =
        flagged.withColumn(QualityPlan.REASON, reason).filter(quarantine).drop(flagNames);
    return new QualityPlan(rules, output, Optional.of(quarantined), observation);
  }

  /**
   * {@code data} without the rows that break a {@code quarantine} row rule of {@code rules}, the
   * same rows {@link #plan} leaves out of its output, but nothing observed: for outputs derived
   * from a stream (e.g. windowed aggregates), which must not count what the rules quarantine.
   *
   * @throws IllegalArgumentException as {@link #plan}
   */
  public static Dataset<Row> withoutQuarantined(Dataset<Row> data, RuleSet rules) {
    requireNonNull(data, "data is null");
    requireNonNull(rules, "rules is null");
    checkColumns(data, rules);
    Dataset<Row> flagged = data;
    List<String> flags = new ArrayList<>();
    Column keep = lit(true);
    List<QualityRule> all = rules.rules();
    for (int i = 0; i < all.size(); i++) {
      if (!(all.get(i) instanceof QualityRule.RowRule rule)
          || rule.severity() != Severity.QUARANTINE) {
        continue;
      }
      String flag = FLAG_PREFIX + i;
      flagged = withFlag(flagged, rule, i, flag);
      flags.add(flag);
      // As in plan: a rule whose check is null for a row does not quarantine it.
      keep = keep.and(coalesce(col(flag), lit(true)));
    }
    return flags.isEmpty() ? data : flagged.filter(keep).drop(flags.toArray(String[]::new));
  }

  /** {@code data} with the boolean column {@code flag}: whether the row passes {@code rule}. */
  private static Dataset<Row> withFlag(
      Dataset<Row> data, QualityRule.RowRule rule, int index, String flag) {
    return rule instanceof QualityRule.References references
        ? withReferenceFlag(data, references, index, flag)
        : data.withColumn(flag, RowPredicates.passes(rule));
  }

  private static Dataset<Row> withReferenceFlag(
      Dataset<Row> data, QualityRule.References rule, int index, String flag) {
    QualityRule.Reference reference = rule.reference();
    SparkSession spark = data.sparkSession();
    Dataset<Row> referenced;
    try {
      referenced =
          switch (reference.format()) {
            case "csv" -> spark.read().option("header", "true").csv(reference.path());
            case "json" -> spark.read().json(reference.path());
            case QualityRule.Reference.DATASET -> spark.table(reference.path());
            default -> spark.read().parquet(reference.path());
          };
    } catch (Exception e) {
      // Exception: Spark throws its checked AnalysisException undeclared for a missing path.
      throw new IllegalArgumentException(
          "Cannot check quality rule '"
              + rule.name()
              + "': cannot read reference "
              + (reference.isDataset()
                  ? "dataset '" + reference.path() + "'"
                  : reference.path() + " as " + reference.format())
              + ": "
              + e.getMessage(),
          e);
    }
    if (!Arrays.asList(referenced.columns()).contains(reference.column())) {
      throw new IllegalArgumentException(
          "Cannot check quality rule '"
              + rule.name()
              + "': reference "
              + reference.path()
              + " has no column '"
              + reference.column()
              + "'; columns are "
              + Arrays.asList(referenced.columns()));
    }
    String key = REFERENCE_PREFIX + "key_" + index;
    String hit = REFERENCE_PREFIX + "hit_" + index;
    Dataset<Row> keys =
        referenced
            .select(RowPredicates.column(reference.column()).cast("string").as(key))
            .where(col(key).isNotNull())
            .distinct()
            .withColumn(hit, lit(true));
    Column value = RowPredicates.column(rule.column());
    Dataset<Row> joined =
        data.join(broadcast(keys), value.cast("string").equalTo(col(key)), "left_outer");
    return joined.withColumn(flag, value.isNull().or(col(hit).isNotNull())).drop(key, hit);
  }

  private static void checkColumns(Dataset<Row> data, RuleSet rules) {
    List<String> columns = Arrays.asList(data.columns());
    for (QualityRule rule : rules.rules()) {
      DataColumns.require(
          "check quality rule '" + rule.name() + "'", "the rule", rule.columns(), columns);
    }
  }
}
