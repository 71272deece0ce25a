package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.ObservedMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * The planned (not yet executed) refine datasets and the metrics they fill when executed.
 *
 * @param refined rows to write to the target, with the partition columns last
 * @param quarantine quarantine records; executing it reads the input a second time, so it is only
 *     written when {@link Metrics#rowsInvalid()} is positive
 * @param partitionBy partition columns of {@code refined}
 * @param clustered whether {@code refined} is already hash-partitioned by {@code partitionBy}, so
 *     the writer must not shuffle it again
 * @param inputMetrics filled when {@code refined} is executed: rows read and rows invalid
 * @param dedupeMetrics filled when {@code refined} is executed: duplicates removed; empty when the
 *     rules do not deduplicate
 */
public record RefinePlan(
    Dataset<Row> refined,
    Dataset<Row> quarantine,
    List<String> partitionBy,
    boolean clustered,
    Observation inputMetrics,
    Optional<Observation> dedupeMetrics) {
  static final String ROWS_READ = "rows_read";
  static final String ROWS_INVALID = "rows_invalid";
  static final String DUPLICATES_REMOVED = "duplicates_removed";

  public RefinePlan {
    requireNonNull(refined, "refined is null");
    requireNonNull(quarantine, "quarantine is null");
    partitionBy = List.copyOf(requireNonNull(partitionBy, "partitionBy is null"));
    requireNonNull(inputMetrics, "inputMetrics is null");
    requireNonNull(dedupeMetrics, "dedupeMetrics is null");
  }

  /**
   * Counts observed while {@code refined} was executed.
   *
   * @param rowsRead rows read, including unparsable ones
   * @param rowsInvalid rows with a reject reason
   * @param duplicatesRemoved valid rows dropped as duplicates
   */
  public record Metrics(long rowsRead, long rowsInvalid, long duplicatesRemoved) {}

  /**
   * The observed counts. Call after {@code refined} was executed (written).
   *
   * @throws IllegalStateException if Spark did not deliver them within the timeout
   */
  public Metrics metrics(Duration timeout) {
    Map<String, Object> input = ObservedMetrics.await(inputMetrics, timeout, "count rows read");
    long duplicates =
        dedupeMetrics.isPresent()
            ? number(
                ObservedMetrics.await(dedupeMetrics.get(), timeout, "count duplicates"),
                DUPLICATES_REMOVED)
            : 0L;
    return new Metrics(number(input, ROWS_READ), number(input, ROWS_INVALID), duplicates);
  }

  private static long number(Map<String, Object> metrics, String name) {
    Object value = metrics.get(name);
    return value == null ? 0L : ((Number) value).longValue();
  }
}
