package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch (input rate, processing rate, batch duration, lag) and keeps the
 * latest batch of each query for the run report; only batches of this job's queries (by name) are
 * kept.
 */
public final class ProgressListener extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

  private final Map<String, String> queryNames;
  private final Map<String, QueryProgress> latest = new ConcurrentHashMap<>();

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
    if (batch.inputRows() > 0) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "Batch %d of %s: %,d records in; input %.1f rec/s, processed %.1f rec/s; batch %d"
                  + " ms; lag %s",
              batch.batchId(),
              name,
              batch.inputRows(),
              batch.inputRowsPerSecond(),
              batch.processedRowsPerSecond(),
              batch.batchDurationMillis(),
              batch.lag()));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** The latest batch of every query that has run one, by name. */
  public List<QueryProgress> latest() {
    List<QueryProgress> all = new ArrayList<>(latest.values());
    all.sort((left, right) -> left.query().compareTo(right.query()));
    return List.copyOf(all);
  }
}
