package dev.lakeetl.jobs.refine;

import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/** The executed plans of the file writes a job runs, for tests of how Spark writes a table. */
final class WritePlans {
  private WritePlans() {}

  /** What a test runs while the plans are captured. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} in the shared session and returns the executed plan (without Spark's
   * initial plan) of every file write into a path that contains {@code folder}, in order.
   */
  static List<String> into(Path folder, Action action) throws Exception {
    List<String> plans = new CopyOnWriteArrayList<>();
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String function, QueryExecution execution, long durationNs) {
            String plan = execution.executedPlan().treeString();
            if (plan.contains("InsertIntoHadoopFsRelationCommand")
                && plan.contains(folder.toString())) {
              plans.add(plan.substring(0, plan.indexOf("== Initial Plan ==")));
            }
          }

          @Override
          public void onFailure(String function, QueryExecution execution, Exception error) {}
        };
    SparkSession spark = SharedSpark.session();
    spark.listenerManager().register(listener);
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    return List.copyOf(plans);
  }
}
