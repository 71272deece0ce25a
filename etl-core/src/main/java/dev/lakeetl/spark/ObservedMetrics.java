package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.SparkSession;

/**
 * Running Spark actions whose {@link Observation}s must be delivered, and waiting for them.
 *
 * <p>Spark 3.5 completes an observation only when its metrics node is still part of the executed
 * plan. Adaptive execution removes a finished stage from the plan when it produced no rows and the
 * operators above it (a sort, a window, a projection) can be replaced by an empty relation; the
 * observation of anything inside that stage is then never delivered and {@link
 * Observation#getAsJava()} blocks for ever. That is exactly the run where no record reaches a write
 * (an empty file, every record rejected). {@link #deliveredBy} runs an action with that rewrite
 * turned off, so every observed stage stays in the plan and reports, with or without rows.
 */
public final class ObservedMetrics {
  /** How long Spark gets to deliver the metrics of an action that has returned. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** The adaptive rule that drops empty stages, with their observations, from the plan. */
  static final String EMPTY_RELATION_RULE =
      "org.apache.spark.sql.execution.adaptive.AQEPropagateEmptyRelation";

  private static final String EXCLUDED_RULES = "spark.sql.adaptive.optimizer.excludedRules";

  private ObservedMetrics() {}

  /**
   * Runs {@code action} (a Spark action over observed datasets) so that every observation it fills
   * is delivered, also when a stage feeding it produced no rows. Other rules excluded in the
   * session stay excluded; the session's setting is restored afterwards.
   */
  public static <T> T deliveredBy(SparkSession spark, Supplier<T> action) {
    requireNonNull(spark, "spark is null");
    requireNonNull(action, "action is null");
    String previous = spark.conf().get(EXCLUDED_RULES, null);
    spark.conf().set(EXCLUDED_RULES, withRule(previous));
    try {
      return action.get();
    } finally {
      if (previous == null) {
        spark.conf().unset(EXCLUDED_RULES);
      } else {
        spark.conf().set(EXCLUDED_RULES, previous);
      }
    }
  }

  /** Runs {@code action} as {@link #deliveredBy(SparkSession, Supplier)} does. */
  public static void deliveredBy(SparkSession spark, Runnable action) {
    requireNonNull(action, "action is null");
    deliveredBy(
        spark,
        () -> {
          action.run();
          return null;
        });
  }

  /**
   * The metrics of {@code observation}, whose action has run. Spark delivers them through its
   * listener bus shortly after the action returns; the wait is bounded so that a delivery that
   * never comes fails clearly instead of hanging the job.
   *
   * @param action what the metrics are for, completing "Cannot ...": {@code count rows read}
   * @throws IllegalStateException "Cannot {@code action}: ..." when they do not arrive in time
   */
  public static Map<String, Object> await(
      Observation observation, Duration timeout, String action) {
    requireNonNull(observation, "observation is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(action, "action is null");
    CompletableFuture<Map<String, Object>> metrics = new CompletableFuture<>();
    // A thread of its own: Observation.getAsJava cannot be cancelled, and a shared pool thread
    // stuck in it would starve every later wait.
    Thread waiter =
        new Thread(
            () -> {
              try {
                metrics.complete(observation.getAsJava());
              } catch (InterruptedException e) {
                metrics.completeExceptionally(e);
              } catch (RuntimeException e) {
                metrics.completeExceptionally(e);
              }
            },
            "lakeetl-observed-metrics");
    waiter.setDaemon(true);
    waiter.start();
    try {
      return metrics.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      waiter.interrupt();
      throw new IllegalStateException(
          "Cannot " + action + ": Spark did not report the observed metrics within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot " + action + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      waiter.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot " + action + ": interrupted", e);
    }
  }

  private static String withRule(String excluded) {
    Set<String> rules = new LinkedHashSet<>();
    if (excluded != null) {
      for (String rule : excluded.split(",")) {
        if (!rule.isBlank()) {
          rules.add(rule.trim());
        }
      }
    }
    rules.add(EMPTY_RELATION_RULE);
    return String.join(",", rules);
  }
}
