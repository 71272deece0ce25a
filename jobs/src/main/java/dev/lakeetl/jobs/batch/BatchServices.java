package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.catalog.CatalogListener;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.Settings;
import dev.lakeetl.incremental.BookmarkCommitter;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.job.TableLeases;
import dev.lakeetl.notify.SlackConfig;
import dev.lakeetl.notify.SlackNotifier;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.WriteAuditPublish;
import dev.lakeetl.spark.SparkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every batch job of this module runs with besides its own work: catalog registration,
 * bookmark commit, table leases and Slack as run listeners, the claim on each output before the run
 * selects its input, and the check just before it publishes. {@link ConfiguredBatchJob} builds one
 * from the job's loaded settings and returns {@link #listeners()} as the job's.
 */
public final class BatchServices {
  private static final Logger LOG = LoggerFactory.getLogger(BatchServices.class);

  private final Map<String, CatalogConfig> tables;
  private final CatalogListener catalog;
  private final BookmarkCommitter bookmarks = new BookmarkCommitter();
  private final TableLeases leases;
  private final SlackConfig slack;

  /**
   * Reads the shared settings (lease wait, Slack) and logs the whole loaded configuration.
   *
   * @param jobName {@code job.name}, for the log line
   * @param settings the job's loaded settings
   * @param tables the catalog table of each output that is registered, by output name
   */
  public BatchServices(String jobName, Settings settings, Map<String, CatalogConfig> tables) {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(settings, "settings is null");
    this.tables = Map.copyOf(requireNonNull(tables, "tables is null"));
    this.catalog = new CatalogListener(tables);
    this.leases = new TableLeases(settings.get(CoreKeys.LEASE_WAIT));
    this.slack = SlackConfig.from(settings);
    LOG.info(
        "Configuration of {} loaded:\n  {}", jobName, String.join("\n  ", settings.describe()));
  }

  /** The job's setup for the shared lifecycle; the session gets Hive support when it registers. */
  public JobSetup setup(String jobName, SparkConfig spark, String reportPath) {
    // Every table of a run lives in the same metastore (catalog.*), so any one names it.
    return new JobSetup(
        jobName,
        spark,
        reportPath,
        tables.values().stream().findFirst().map(CatalogConfig::metastore));
  }

  /**
   * Catalog registration of each output when configured (inside the run, as each is published), the
   * bookmark commit (once the run succeeded, so after every output is published and registered),
   * the release of the leases (after the bookmark commit), then Slack.
   */
  public List<RunListener> listeners() {
    List<RunListener> listeners = new ArrayList<>();
    if (!tables.isEmpty()) {
      listeners.add(catalog);
    }
    listeners.add(bookmarks);
    listeners.add(leases);
    if (slack.enabled()) {
      listeners.add(new SlackNotifier(slack));
    }
    return List.copyOf(listeners);
  }

  /** Checks each output's schema against its table before it is written. */
  public CatalogListener catalog() {
    return catalog;
  }

  /** Gets the run's input selection, committed once the run succeeded. */
  public BookmarkCommitter bookmarks() {
    return bookmarks;
  }

  /**
   * Makes this run the only one writing {@code target}, then finishes or undoes any publish an
   * earlier run left open and clears what an earlier attempt under this run id left in the
   * quarantine. Call it before selecting input, in the same order for every run (leases are taken
   * one after another).
   *
   * @param name the output, as the run's listeners (catalog registration) name it
   * @param quarantinePath the output's quarantine root
   * @throws dev.lakeetl.job.RunFailedException when another live run holds the lease
   */
  public ClaimedOutput claim(
      RunContext context,
      String name,
      WriterConfig target,
      QualityConfig quality,
      String quarantinePath) {
    requireNonNull(context, "context is null");
    requireNonNull(name, "name is null");
    requireNonNull(target, "target is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(quarantinePath, "quarantinePath is null");
    leases.acquire(context, target.path());
    WriteAuditPublish gate =
        new WriteAuditPublish(context.spark(), quality, target, context.runId(), context.clock());
    gate.recover();
    QuarantineFolder quarantine =
        new QuarantineFolder(
            context.spark().sparkContext().hadoopConfiguration(), quarantinePath, context.runId());
    quarantine.clearUnpublished();
    quarantine.removeKilledWrites();
    return new ClaimedOutput(name, target, gate, quarantine);
  }

  /**
   * Checks that this run still holds its leases and that no other run committed a bookmark since
   * this one selected its input; call it just before publishing, so that otherwise nothing is.
   *
   * @throws dev.lakeetl.job.RunFailedException when a lease was lost
   * @throws dev.lakeetl.incremental.BookmarkConflictException when another run committed first
   */
  public void checkBeforePublish() {
    leases.check();
    bookmarks.checkCurrent();
  }
}
