package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.job.BatchJob;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.jobs.batch.BatchServices;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Reads named refined datasets, runs the configured SQL and Java transform steps over them, and
 * writes the named results as partitioned Parquet plus a run report with rows per dataset. What is
 * read, computed and written is configuration ({@link CurateKeys}, SQL files next to it); a new
 * curated table needs SQL, not Java. Exit codes and the run lifecycle are those of every batch job
 * ({@link JobMain}, {@link BatchJobRunner}, {@link BatchServices}); listeners see each output as it
 * is published.
 */
public final class RefinedToCuratedJob implements BatchJob {
  private final JobArguments arguments;
  private final RefinedToCuratedConfig config;
  private final BatchServices services;

  /**
   * Loads and validates the configuration, reads the SQL files and checks the Java transform
   * classes; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public RefinedToCuratedJob(JobArguments arguments, Map<String, String> environmentVariables) {
    this.arguments = requireNonNull(arguments, "arguments is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    Settings settings = ConfigLoader.load(arguments, CurateKeys.SCHEMA, environmentVariables);
    this.config = RefinedToCuratedConfig.from(settings, arguments, environmentVariables);
    this.services = new BatchServices(config.jobName(), settings, config.tables());
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args) {
    JobMain.main(args, RefinedToCuratedJob::new);
  }

  /** Runs the job with the process environment and returns its exit code; never throws. */
  public static int execute(String... args) {
    return JobMain.execute(args, RefinedToCuratedJob::new, System.getenv(), Clock.systemUTC());
  }

  /** The validated configuration. */
  public RefinedToCuratedConfig config() {
    return config;
  }

  /** Runs the job once; failures are in the returned report (status FAILED), not thrown. */
  public RunReport run(Clock clock) {
    return BatchJobRunner.run(this, arguments, clock);
  }

  @Override
  public JobSetup setup() {
    return services.setup(config.jobName(), config.spark(), config.reportPath());
  }

  @Override
  public List<RunListener> listeners() {
    return services.listeners();
  }

  @Override
  public RunStatus process(RunContext context) throws Exception {
    return new Curation(config, services).run(context);
  }
}
