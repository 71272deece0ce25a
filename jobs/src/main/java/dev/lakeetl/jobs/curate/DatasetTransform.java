package dev.lakeetl.jobs.curate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Curation logic that SQL expresses badly, written in Java and selected by class name in the job
 * configuration:
 *
 * <pre>{@code
 * transforms: [sessions]
 * transform:
 *   sessions:
 *     class: com.acme.lake.Sessionize
 *     input: clicks            # an input or an earlier step
 *     options:
 *       gap: 30m               # context.option("gap"), parsed with DurationText
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor; one instance is created per step and
 * run. They should build on the given datasets lazily (no actions), so the job's write is the only
 * pass over the data. The result becomes a dataset named like the step, which later steps and
 * outputs refer to.
 */
@FunctionalInterface
public interface DatasetTransform {
  /**
   * Builds the step's dataset.
   *
   * @param input the dataset named by {@code transform.<step>.input}
   * @param context the other datasets, the step's options and the session
   * @return the step's dataset; never null
   */
  Dataset<Row> apply(Dataset<Row> input, TransformContext context);
}
