package dev.lakeetl.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity$;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The one place that calls Deequ from Java: Scala default arguments, Seqs and immutable Maps stay
 * here. Runs analyzers and reads and writes a {@link FileSystemMetricsRepository}.
 */
final class Deequ {
  private Deequ() {}

  /**
   * Computes {@code metrics} over {@code data} in as few passes as Deequ can.
   *
   * @throws IllegalStateException naming the metric when Deequ could not compute it
   */
  static Map<DeequMetric, Double> analyze(Dataset<Row> data, List<DeequMetric> metrics) {
    Map<DeequMetric, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>();
    for (DeequMetric metric : metrics) {
      analyzers.putIfAbsent(metric, analyzer(metric));
    }
    if (analyzers.isEmpty()) {
      return Map.of();
    }
    AnalysisRunBuilder builder = AnalysisRunner.onData(data);
    for (Analyzer<?, Metric<?>> analyzer : analyzers.values()) {
      builder = builder.addAnalyzer(analyzer);
    }
    AnalyzerContext context = builder.run();
    Map<DeequMetric, Double> values = new LinkedHashMap<>();
    analyzers.forEach(
        (metric, analyzer) -> {
          Option<Metric<?>> computed = context.metric(analyzer);
          if (computed.isEmpty() || computed.get().value().isFailure()) {
            String reason =
                computed.isEmpty()
                    ? "no result"
                    : computed.get().value().failed().get().getMessage();
            throw new IllegalStateException(
                "Cannot compute " + metric.kind() + " of " + metric.columns() + ": " + reason);
          }
          values.put(metric, ((Number) computed.get().value().get()).doubleValue());
        });
    return values;
  }

  /** Appends one run's metrics to the repository file under {@code key}'s time and tags. */
  static void save(
      SparkSession spark,
      String repositoryFile,
      long time,
      Map<String, String> tags,
      Map<DeequMetric, Double> metrics) {
    scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metricMap =
        new scala.collection.immutable.HashMap<>();
    for (Map.Entry<DeequMetric, Double> entry : metrics.entrySet()) {
      DeequMetric metric = entry.getKey();
      Metric<?> value =
          new DoubleMetric(
              metric.columns().isEmpty()
                  ? Entity$.MODULE$.Dataset()
                  : metric.columns().size() == 1
                      ? Entity$.MODULE$.Column()
                      : Entity$.MODULE$.Multicolumn(),
              metricName(metric.kind()),
              metric.columns().isEmpty() ? "*" : String.join(",", metric.columns()),
              new scala.util.Success<>(entry.getValue()),
              Option.empty());
      metricMap = metricMap.$plus(new Tuple2<>(analyzer(metric), value));
    }
    new FileSystemMetricsRepository(spark, repositoryFile)
        .save(new ResultKey(time, scalaMap(tags)), new AnalyzerContext(metricMap));
  }

  /** Every run saved with all of {@code tags}, oldest first. */
  static List<SavedRun> load(SparkSession spark, String repositoryFile, Map<String, String> tags) {
    Seq<AnalysisResult> results =
        new FileSystemMetricsRepository(spark, repositoryFile)
            .load()
            .withTagValues(scalaMap(tags))
            .get();
    List<SavedRun> runs = new ArrayList<>();
    for (AnalysisResult result : JavaConverters.seqAsJavaList(results)) {
      Map<DeequMetric, Double> values = new LinkedHashMap<>();
      Map<Analyzer<?, Metric<?>>, Metric<?>> stored =
          JavaConverters.mapAsJavaMap(result.analyzerContext().metricMap());
      stored.forEach(
          (analyzer, metric) -> {
            if (((Object) analyzer) instanceof Size && metric.value().isSuccess()) {
              values.put(DeequMetric.SIZE, ((Number) metric.value().get()).doubleValue());
            }
          });
      runs.add(
          new SavedRun(
              result.resultKey().dataSetDate(),
              Map.copyOf(JavaConverters.mapAsJavaMap(result.resultKey().tags())),
              values));
    }
    runs.sort(java.util.Comparator.comparingLong(SavedRun::time));
    return List.copyOf(runs);
  }

  /**
   * One stored run.
   *
   * @param time the run's time in epoch milliseconds
   * @param tags its tags
   * @param metrics the metrics this module reads back (the row count)
   */
  record SavedRun(long time, Map<String, String> tags, Map<DeequMetric, Double> metrics) {}

  @SuppressWarnings("unchecked")
  private static Analyzer<?, Metric<?>> analyzer(DeequMetric metric) {
    Object analyzer =
        switch (metric.kind()) {
          case SIZE -> new Size(Option.empty());
          case COMPLETENESS ->
              new Completeness(metric.columns().get(0), Option.empty(), Option.empty());
          case UNIQUENESS -> new Uniqueness(seq(metric.columns()), Option.empty(), Option.empty());
          case COUNT_DISTINCT -> new CountDistinct(seq(metric.columns()));
        };
    return (Analyzer<?, Metric<?>>) analyzer;
  }

  private static String metricName(DeequMetric.Kind kind) {
    return switch (kind) {
      case SIZE -> "Size";
      case COMPLETENESS -> "Completeness";
      case UNIQUENESS -> "Uniqueness";
      case COUNT_DISTINCT -> "CountDistinct";
    };
  }

  private static Seq<String> seq(List<String> values) {
    return JavaConverters.asScalaBuffer(values).toSeq();
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    scala.collection.immutable.Map<String, String> result =
        new scala.collection.immutable.HashMap<>();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      result = result.$plus(new Tuple2<>(entry.getKey(), entry.getValue()));
    }
    return result;
  }
}
