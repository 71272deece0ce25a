package dev.lakeetl.streaming.kinesis;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The driver's account of lost records: applies option {@code fail-on-data-loss} to what the driver
 * finds, and reports what was skipped (by the driver or by tasks) once each, as a warning in the
 * driver's log and in the source's metrics ({@code dataLossSkipped}, {@code dataLossLast}), which
 * the streaming job's run report copies.
 */
final class DataLossLedger {
  private final boolean failOnDataLoss;
  private final String streamDescription;
  private final Logger log;
  private final Set<DataLoss> reported = new HashSet<>();
  private long skipped;
  private String last = "";

  /**
   * @param log the driver's log the warnings go to
   */
  DataLossLedger(boolean failOnDataLoss, String streamDescription, Logger log) {
    this.failOnDataLoss = failOnDataLoss;
    this.streamDescription = Objects.requireNonNull(streamDescription, "streamDescription is null");
    this.log = Objects.requireNonNull(log, "log is null");
  }

  /** Records the driver found lost: fails the query, or skips them with a warning. */
  void detected(DataLoss loss) {
    if (failOnDataLoss) {
      throw loss.toException(streamDescription);
    }
    skipped(loss);
  }

  /** Records a task (or the driver) skipped: a warning and a count, once per loss. */
  synchronized void skipped(DataLoss loss) {
    if (!reported.add(loss)) {
      return;
    }
    skipped++;
    last = loss.describe(streamDescription);
    log.warn(
        "Skipped lost records (option '{}' is false): {}",
        KinesisReadOptions.FAIL_ON_DATA_LOSS,
        last);
  }

  synchronized Map<String, String> metrics() {
    return Map.of("dataLossSkipped", Long.toString(skipped), "dataLossLast", last);
  }
}
