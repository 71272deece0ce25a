package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transform steps in order. Each input and each step's result is registered as a temporary
 * view under its name, so SQL steps refer to them like tables. Nothing is computed here: the
 * datasets are plans that the writes execute.
 */
public final class CuratePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(CuratePipeline.class);

  private CuratePipeline() {}

  /**
   * Builds every step's dataset.
   *
   * @param inputs the input datasets by name
   * @param steps the steps in run order
   * @return the inputs and every step's dataset by name, inputs first, then steps in order
   * @throws IllegalArgumentException naming the step when one cannot be built
   */
  public static Map<String, Dataset<Row>> run(
      SparkSession spark, Map<String, Dataset<Row>> inputs, List<TransformStep> steps) {
    requireNonNull(spark, "spark is null");
    requireNonNull(inputs, "inputs is null");
    requireNonNull(steps, "steps is null");
    Map<String, Dataset<Row>> datasets = new LinkedHashMap<>();
    inputs.forEach(
        (name, dataset) -> {
          dataset.createOrReplaceTempView(name);
          datasets.put(name, dataset);
        });
    for (TransformStep step : steps) {
      Dataset<Row> result;
      if (step instanceof TransformStep.Sql sql) {
        result = SqlTransforms.apply(spark, sql);
        LOG.info("Transform {}: SQL from {}", step.name(), sql.file());
      } else {
        TransformStep.Java java = (TransformStep.Java) step;
        TransformContext context =
            new TransformContext(step.name(), spark, datasets, java.options());
        result = JavaTransforms.apply(java, context.dataset(java.input()), context);
        LOG.info("Transform {}: {} on {}", step.name(), java.className(), java.input());
      }
      result.createOrReplaceTempView(step.name());
      datasets.put(step.name(), result);
    }
    return Collections.unmodifiableMap(datasets);
  }
}
