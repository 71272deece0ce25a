package dev.lakeetl.streaming.check;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The hook for per-micro-batch data-quality checks (the quality module plugs in here). When a job
 * is given checks, it runs one more query over the refined rows whose {@code foreachBatch} calls
 * every check on the driver with that batch; findings are logged and counted in the run report,
 * they do not stop the stream. The refined table itself is written by the file sink regardless.
 */
public interface MicroBatchCheck extends Serializable {
  /** A short name for logs, e.g. {@code deequ-flights}. */
  String name();

  /**
   * Checks one micro-batch of refined rows.
   *
   * @return one line per problem found; empty when the batch passed
   */
  List<String> check(Dataset<Row> batch, long batchId);
}
