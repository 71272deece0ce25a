package dev.lakeetl.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import dev.lakeetl.testing.SharedSpark;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * Deequ ships Spark and Scala 2.12.10 at compile scope; the parent pom excludes them. If those
 * exclusions or the Scala pin regress, Deequ's first Spark task fails with a deserialization error,
 * which this test catches.
 */
class DeequClasspathTest {

  @Test
  void deequComputesMetricsOnSparksOwnScala() {
    Dataset<Row> airports =
        SharedSpark.session()
            .createDataset(Arrays.asList("LAX", "SFO", null, "JFK"), Encoders.STRING())
            .toDF("iata");
    Size size = new Size(Option.empty());
    Completeness completeness = new Completeness("iata", Option.empty(), Option.empty());

    AnalyzerContext context =
        AnalysisRunner.onData(airports)
            .addAnalyzer(metric(size))
            .addAnalyzer(metric(completeness))
            .run();

    assertThat(value(context, size)).isEqualTo(4.0);
    assertThat(value(context, completeness)).isEqualTo(0.75);
    assertThat(scala.util.Properties.versionNumberString()).isEqualTo("2.12.18");
  }

  @SuppressWarnings("unchecked")
  private static Analyzer<?, Metric<?>> metric(Analyzer<?, ?> analyzer) {
    return (Analyzer<?, Metric<?>>) analyzer;
  }

  private static double value(AnalyzerContext context, Analyzer<?, ?> analyzer) {
    DoubleMetric metric = (DoubleMetric) context.metric(metric(analyzer)).get();
    return (Double) metric.value().get();
  }
}
