package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.report.RunReport;
import dev.lakeetl.spark.StoragePaths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The table leases one run holds ({@link TableLease}): taken in {@code process} before the run
 * selects its input, checked just before it publishes, and released once the run is over, after its
 * bookmark commit and report. A job returns it from {@code listeners()}.
 */
public final class TableLeases implements RunListener {
  private final List<TableLease> leases = new ArrayList<>();
  private final TableLease.Timing timing;

  /** Leases that wait up to {@code wait} while another run holds them ({@code lease.wait}). */
  public TableLeases(Duration wait) {
    this.timing = TableLease.Timing.DEFAULT.withMaxWait(requireNonNull(wait, "wait is null"));
  }

  /**
   * Takes the lease on {@code table} for this run.
   *
   * @throws RunFailedException when another live run holds it
   */
  public synchronized TableLease acquire(RunContext context, String table) {
    requireNonNull(context, "context is null");
    requireNonNull(table, "table is null");
    Configuration hadoopConf = context.spark().sparkContext().hadoopConfiguration();
    TableLease lease =
        TableLease.acquire(
            hadoopConf,
            StoragePaths.resolve(table, hadoopConf),
            context.setup().jobName(),
            context.runId(),
            context.clock(),
            timing);
    leases.add(lease);
    return lease;
  }

  /**
   * Checks that this run still holds every lease it took.
   *
   * @throws RunFailedException when one was lost
   */
  public synchronized void check() {
    leases.forEach(TableLease::check);
  }

  @Override
  public synchronized void runFinished(RunReport report) {
    leases.forEach(TableLease::close);
    leases.clear();
  }
}
