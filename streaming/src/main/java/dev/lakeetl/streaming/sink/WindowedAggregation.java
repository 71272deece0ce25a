package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Tumbling or sliding event-time windows over refined rows, as a plain batch aggregation: which
 * rows count and which windows are complete is decided by {@link WindowStager}'s watermark.
 */
public final class WindowedAggregation {
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String WINDOW_DATE = "window_date";

  private WindowedAggregation() {}

  /**
   * The aggregates of every window the rows fall in: {@value #WINDOW_START}, {@value #WINDOW_END},
   * the group-by columns, the aggregates, and {@value #WINDOW_DATE} (DATE of the window start) to
   * partition by.
   */
  public static Dataset<Row> aggregate(Dataset<Row> rows, String eventTime, WindowConfig config) {
    requireNonNull(rows, "rows is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(config, "config is null");
    Column window =
        config.slide().isPresent()
            ? window(col(eventTime), interval(config.duration()), interval(config.slide().get()))
            : window(col(eventTime), interval(config.duration()));
    List<Column> keys = new ArrayList<>();
    keys.add(window.as("_window"));
    config.groupBy().forEach(name -> keys.add(col(name)));
    List<Column> aggregates = new ArrayList<>();
    config.aggregates().forEach(aggregate -> aggregates.add(expr(aggregate)));
    Dataset<Row> grouped =
        rows.groupBy(keys.toArray(new Column[0]))
            .agg(
                aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]));
    List<Column> output = new ArrayList<>();
    output.add(col("_window.start").as(WINDOW_START));
    output.add(col("_window.end").as(WINDOW_END));
    for (String column : grouped.columns()) {
      if (!column.equals("_window")) {
        output.add(col(column));
      }
    }
    output.add(to_date(col("_window.start")).as(WINDOW_DATE));
    return grouped.select(output.toArray(new Column[0]));
  }

  /** {@code duration} as Spark's window function takes it. */
  private static String interval(Duration duration) {
    return duration.toMillis() + " milliseconds";
  }
}
