package dev.lakeetl.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservedMetricsTest {
  private static final String EXCLUDED_RULES = "spark.sql.adaptive.optimizer.excludedRules";

  private final SparkSession spark = SharedSpark.session();

  @TempDir Path dir;

  @Test
  void anObservationInsideAStageThatProducedNoRowsIsDelivered() {
    Observation read = new Observation("read-" + System.nanoTime());
    Dataset<Row> counted = spark.range(5).toDF().observe(read, count(lit(1)).as("rows"));
    // A shuffle, then a sort over nothing: adaptive execution replaces the sort and the empty
    // stage below it, observation included, by an empty relation unless told not to.
    Dataset<Row> nothing =
        counted.where(col("id").lt(0)).repartition(col("id")).sortWithinPartitions("id");

    ObservedMetrics.deliveredBy(
        spark, () -> nothing.write().mode("overwrite").parquet(dir.resolve("out").toString()));

    assertThat(ObservedMetrics.await(read, Duration.ofSeconds(30), "count rows read"))
        .containsEntry("rows", 5L);
  }

  @Test
  void keepsAndRestoresTheRulesTheSessionExcludes() {
    String mine = "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation";
    spark.conf().set(EXCLUDED_RULES, mine);
    try {
      String during =
          ObservedMetrics.deliveredBy(spark, () -> spark.conf().get(EXCLUDED_RULES, null));

      assertThat(during).isEqualTo(mine + "," + ObservedMetrics.EMPTY_RELATION_RULE);
      assertThat(spark.conf().get(EXCLUDED_RULES, null)).isEqualTo(mine);
    } finally {
      spark.conf().unset(EXCLUDED_RULES);
    }
    ObservedMetrics.deliveredBy(spark, () -> {});
    assertThat(spark.conf().getOption(EXCLUDED_RULES).isDefined()).isFalse();
  }

  @Test
  void aDeliveryThatNeverComesFailsNamingWhatWasCounted() {
    Observation never = new Observation("never-" + System.nanoTime());

    assertThatThrownBy(() -> ObservedMetrics.await(never, Duration.ofMillis(200), "count rows"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot count rows: Spark did not report the observed metrics within PT0.2S");
  }
}
