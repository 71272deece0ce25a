package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a {@link DatasetTransform} may use besides its input. Immutable. */
public final class TransformContext {
  private final String step;
  private final SparkSession spark;
  private final Map<String, Dataset<Row>> datasets;
  private final Map<String, String> options;

  /**
   * @param step the step name
   * @param spark the job's session
   * @param datasets the inputs and the results of earlier steps, by name, in order
   * @param options {@code transform.<step>.options.*}
   */
  public TransformContext(
      String step,
      SparkSession spark,
      Map<String, Dataset<Row>> datasets,
      Map<String, String> options) {
    this.step = requireNonNull(step, "step is null");
    this.spark = requireNonNull(spark, "spark is null");
    // Insertion order kept: names() lists inputs first, then steps in run order.
    this.datasets =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(datasets, "datasets is null")));
    this.options = Map.copyOf(requireNonNull(options, "options is null"));
  }

  /** The name of the step being built. */
  public String step() {
    return step;
  }

  /** The job's session. */
  public SparkSession spark() {
    return spark;
  }

  /** The names of the inputs and earlier steps, inputs first. */
  public List<String> datasetNames() {
    return List.copyOf(datasets.keySet());
  }

  /**
   * An input or the result of an earlier step.
   *
   * @throws IllegalArgumentException naming the known datasets when there is none by that name
   */
  public Dataset<Row> dataset(String name) {
    requireNonNull(name, "name is null");
    Dataset<Row> dataset = datasets.get(name);
    if (dataset == null) {
      throw new IllegalArgumentException(
          "Cannot get dataset '"
              + name
              + "' in transform "
              + step
              + ": it is neither an input nor an earlier step; known: "
              + datasetNames());
    }
    return dataset;
  }

  /** All options of the step ({@code transform.<step>.options.*}, prefix removed). */
  public Map<String, String> options() {
    return options;
  }

  /** One option, if set. */
  public Optional<String> option(String name) {
    requireNonNull(name, "name is null");
    return Optional.ofNullable(options.get(name));
  }

  /**
   * One option that the transform cannot do without.
   *
   * @throws IllegalArgumentException naming the key to set when it is missing
   */
  public String requiredOption(String name) {
    return option(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot run transform "
                        + step
                        + ": missing option transform."
                        + step
                        + ".options."
                        + name));
  }
}
