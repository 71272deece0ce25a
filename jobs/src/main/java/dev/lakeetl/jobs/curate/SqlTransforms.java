package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.JavaConverters;

/** Runs the query of a SQL step against the temporary views of the inputs and earlier steps. */
final class SqlTransforms {
  private static final Set<String> QUERY_KEYWORDS =
      Set.of("SELECT", "WITH", "FROM", "VALUES", "TABLE", "(");

  private SqlTransforms() {}

  /**
   * The step's query as a dataset (analysed now, computed when written).
   *
   * @throws IllegalArgumentException naming the step, the file and Spark's message when the text is
   *     not one query, does not parse, or refers to unknown tables or columns
   */
  static Dataset<Row> apply(SparkSession spark, TransformStep.Sql step) {
    requireNonNull(spark, "spark is null");
    requireNonNull(step, "step is null");
    String sql = step.sql();
    String keyword = firstKeyword(sql);
    if (keyword.isEmpty()) {
      throw failure(step, "the file holds no SQL statement");
    }
    if (!QUERY_KEYWORDS.contains(keyword)) {
      throw failure(step, "expected one query (SELECT or WITH ... SELECT), found " + keyword);
    }
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (Exception e) {
      // ParseException: Spark's message shows the line, the position and the statement.
      throw failure(step, message(e), e);
    }
    if (modifiesData(parsed)) {
      // spark.sql() would run it at once: refuse before anything is changed.
      throw failure(step, "expected one query (SELECT or WITH ... SELECT), found a command");
    }
    try {
      return spark.sql(sql);
    } catch (Exception e) {
      // AnalysisException is checked in Java terms but not declared by Scala.
      throw failure(step, message(e), e);
    }
  }

  /** Whether the plan is or holds a command or an INSERT (e.g. WITH ... INSERT INTO). */
  private static boolean modifiesData(LogicalPlan plan) {
    if (plan instanceof Command || plan instanceof InsertIntoStatement) {
      return true;
    }
    List<LogicalPlan> children = new ArrayList<>(JavaConverters.seqAsJavaList(plan.children()));
    return children.stream().anyMatch(SqlTransforms::modifiesData);
  }

  /** The first word of the text after comments and blanks, upper-cased; "(" for a bracket. */
  static String firstKeyword(String sql) {
    int position = 0;
    while (position < sql.length()) {
      char current = sql.charAt(position);
      if (Character.isWhitespace(current)) {
        position++;
      } else if (sql.startsWith("--", position)) {
        int end = sql.indexOf('\n', position);
        position = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", position)) {
        int end = sql.indexOf("*/", position + 2);
        position = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    if (position >= sql.length()) {
      return "";
    }
    if (sql.charAt(position) == '(') {
      return "(";
    }
    int end = position;
    while (end < sql.length() && Character.isLetterOrDigit(sql.charAt(end))) {
      end++;
    }
    return end == position
        ? sql.substring(position, position + 1)
        : sql.substring(position, end).toUpperCase(Locale.ROOT);
  }

  private static IllegalArgumentException failure(TransformStep.Sql step, String reason) {
    return failure(step, reason, null);
  }

  private static IllegalArgumentException failure(
      TransformStep.Sql step, String reason, Exception cause) {
    return new IllegalArgumentException(
        "Cannot run transform." + step.name() + ".sql (" + step.file() + "): " + reason, cause);
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message.trim();
  }
}
