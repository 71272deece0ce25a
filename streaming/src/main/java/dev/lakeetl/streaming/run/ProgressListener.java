package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch (input rate, processing rate, batch duration, lag) and keeps the
 * latest batch of each query for the run report. A query whose rows carry a named observation
 * ({@code Dataset.observe}, e.g. the windowed aggregates) also gets its written rows counted; only
 * batches of this job's queries (by name) are counted.
 */
public final class ProgressListener extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

  /** The observation name and its single count column. */
  public static final String ROWS = "rows";

  private final Map<String, String> queryNames;
  private final Map<String, QueryProgress> latest = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> observed = new ConcurrentHashMap<>();

  /**
   * @param queryNames Spark query name to the short name used in logs and the report
   */
  public ProgressListener(Map<String, String> queryNames) {
    this.queryNames = Map.copyOf(requireNonNull(queryNames, "queryNames is null"));
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    String name = queryNames.get(progress.name());
    if (name == null) {
      return;
    }
    Map<String, String> metrics = new HashMap<>();
    for (SourceProgress source : progress.sources()) {
      if (source.metrics() != null) {
        metrics.putAll(source.metrics());
      }
    }
    Long duration = progress.durationMs().get("triggerExecution");
    QueryProgress batch =
        new QueryProgress(
            name,
            progress.batchId(),
            progress.numInputRows(),
            progress.inputRowsPerSecond(),
            progress.processedRowsPerSecond(),
            duration == null ? 0 : duration,
            metrics);
    latest.put(name, batch);
    Row observation = progress.observedMetrics().get(name);
    String out = "";
    if (observation != null && !observation.isNullAt(0)) {
      long written = observation.getLong(0);
      observed.computeIfAbsent(name, key -> new AtomicLong()).addAndGet(written);
      out = String.format(Locale.ROOT, ", %,d rows out", written);
    }
    if (batch.inputRows() > 0) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "Batch %d of %s: %,d records in%s; input %.1f rec/s, processed %.1f rec/s; batch %d"
                  + " ms; lag %s",
              batch.batchId(),
              name,
              batch.inputRows(),
              out,
              batch.inputRowsPerSecond(),
              batch.processedRowsPerSecond(),
              batch.batchDurationMillis(),
              batch.lag()));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Rows a query's observation counted so far. */
  public long observed(String name) {
    AtomicLong count = observed.get(name);
    return count == null ? 0 : count.get();
  }

  /** The latest batch of every query that has run one, by name. */
  public List<QueryProgress> latest() {
    List<QueryProgress> all = new ArrayList<>(latest.values());
    all.sort((left, right) -> left.query().compareTo(right.query()));
    return List.copyOf(all);
  }
}
