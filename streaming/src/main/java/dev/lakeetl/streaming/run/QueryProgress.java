package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The latest micro-batch of one query, for the log and the run report.
 *
 * @param query query name, e.g. refined
 * @param batchId micro-batch id
 * @param inputRows source records in the batch
 * @param inputRowsPerSecond arrival rate over the trigger interval
 * @param processedRowsPerSecond processing rate of the batch
 * @param batchDurationMillis wall time of the batch
 * @param sourceMetrics what the source reports, e.g. Kafka's maxOffsetsBehindLatest (the lag)
 */
public record QueryProgress(
    String query,
    long batchId,
    long inputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long batchDurationMillis,
    Map<String, String> sourceMetrics) {
  public QueryProgress {
    requireNonNull(query, "query is null");
    sourceMetrics = Map.copyOf(requireNonNull(sourceMetrics, "sourceMetrics is null"));
  }

  /** The lag in records (Kafka) or milliseconds (Kinesis), as the source reports it; else "n/a". */
  public String lag() {
    for (String key : new String[] {"maxOffsetsBehindLatest", "maxMillisBehindLatest"}) {
      String value = sourceMetrics.get(key);
      if (value != null) {
        return key + "=" + value;
      }
    }
    return "n/a";
  }
}
