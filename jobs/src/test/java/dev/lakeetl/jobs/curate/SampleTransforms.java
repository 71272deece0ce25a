package dev.lakeetl.jobs.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@link DatasetTransform}s the tests select by class name, good and broken ones. */
final class SampleTransforms {
  private SampleTransforms() {}

  /** Keeps the input's rows whose {@code options.column} is at least {@code options.minimum}. */
  public static final class AtLeast implements DatasetTransform {
    @Override
    public Dataset<Row> apply(Dataset<Row> input, TransformContext context) {
      String column = context.requiredOption("column");
      return input.where(col(column).geq(lit(Integer.parseInt(context.requiredOption("minimum")))));
    }
  }

  /** Joins its input with the dataset named by {@code options.names} on {@code code}. */
  public static final class WithNames implements DatasetTransform {
    @Override
    public Dataset<Row> apply(Dataset<Row> input, TransformContext context) {
      Dataset<Row> names = context.dataset(context.requiredOption("names"));
      return input.join(names, "code");
    }
  }

  /** Returns null, which the job must refuse. */
  public static final class ReturnsNull implements DatasetTransform {
    @Override
    public Dataset<Row> apply(Dataset<Row> input, TransformContext context) {
      return null;
    }
  }

  /** Not a transform. */
  public static final class NotATransform {}

  /** A transform without a no-argument constructor. */
  public static final class NeedsArgument implements DatasetTransform {
    public NeedsArgument(String unused) {}

    @Override
    public Dataset<Row> apply(Dataset<Row> input, TransformContext context) {
      return input;
    }
  }

  /** A transform whose constructor fails. */
  public static final class FailsToStart implements DatasetTransform {
    public FailsToStart() {
      throw new IllegalStateException("no licence key");
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> input, TransformContext context) {
      return input;
    }
  }
}
