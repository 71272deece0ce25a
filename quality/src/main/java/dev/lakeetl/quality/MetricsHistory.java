package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The metrics of every run of one dataset, kept in a Deequ metrics repository (one JSON file that
 * Hadoop FileSystem reads and writes, so local paths and {@code s3a://} both work) and keyed by the
 * tags {@code dataset}, {@code run_id} and {@code published}. Anomaly rules compare with published
 * runs only, so a run that failed its checks does not shift the baseline.
 */
public final class MetricsHistory {
  /** The repository file inside the history location. */
  public static final String FILE_NAME = "metrics.json";

  static final String DATASET_TAG = "dataset";
  static final String RUN_ID_TAG = "run_id";
  static final String PUBLISHED_TAG = "published";

  private final SparkSession spark;
  private final String file;
  private final String dataset;

  /**
   * @param location folder of the repository, e.g. {@code s3://bucket/refined/flights/_quality}
   * @param dataset the dataset name the runs are keyed by
   */
  public MetricsHistory(SparkSession spark, String location, String dataset) {
    this.spark = requireNonNull(spark, "spark is null");
    requireNonNull(location, "location is null");
    this.file = StoragePaths.child(location, FILE_NAME);
    this.dataset = requireNonNull(dataset, "dataset is null");
  }

  /** The repository file. */
  public String file() {
    return file;
  }

  /** Row counts of the published runs of this dataset before {@code runId}, oldest first. */
  public List<Long> publishedRowCounts(String runId) {
    requireNonNull(runId, "runId is null");
    return Deequ.load(spark, file, Map.of(DATASET_TAG, dataset, PUBLISHED_TAG, "true")).stream()
        .filter(run -> !runId.equals(run.tags().get(RUN_ID_TAG)))
        .filter(run -> run.metrics().containsKey(DeequMetric.SIZE))
        .map(run -> run.metrics().get(DeequMetric.SIZE).longValue())
        .toList();
  }

  /** Appends the metrics of one run, tagged with whether its output was published. */
  void save(
      String runId,
      Instant time,
      WriteAuditPublish.Outcome outcome,
      Map<DeequMetric, Double> metrics) {
    requireNonNull(runId, "runId is null");
    requireNonNull(time, "time is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(metrics, "metrics is null");
    boolean published = outcome == WriteAuditPublish.Outcome.PUBLISHED;
    Deequ.save(
        spark,
        file,
        time.toEpochMilli(),
        Map.of(DATASET_TAG, dataset, RUN_ID_TAG, runId, PUBLISHED_TAG, Boolean.toString(published)),
        metrics);
  }
}
