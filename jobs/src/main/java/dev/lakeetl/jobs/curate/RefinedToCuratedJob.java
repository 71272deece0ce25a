package dev.lakeetl.jobs.curate;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobMain;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.jobs.batch.BatchServices;
import dev.lakeetl.jobs.batch.ConfiguredBatchJob;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.util.Map;

/**
 * Reads named refined datasets, runs the configured SQL and Java transform steps over them, and
 * writes the named results as partitioned Parquet plus a run report with rows per dataset. What is
 * read, computed and written is configuration ({@link CurateKeys}, SQL files next to it); a new
 * curated table needs SQL, not Java. Exit codes and the run lifecycle are those of every batch job
 * ({@link JobMain}, {@link BatchJobRunner}, {@link BatchServices}); listeners see each output as it
 * is published.
 */
public final class RefinedToCuratedJob extends ConfiguredBatchJob<RefinedToCuratedConfig> {
  /**
   * Loads and validates the configuration, reads the SQL files and checks the Java transform
   * classes; does not start Spark.
   *
   * @throws ConfigException describing every configuration problem
   */
  public RefinedToCuratedJob(JobArguments arguments, Map<String, String> environmentVariables) {
    super(arguments, environmentVariables, CurateKeys.SCHEMA, RefinedToCuratedConfig::from);
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args) {
    JobMain.main(args, RefinedToCuratedJob::new);
  }

  /** Runs the job with the process environment and returns its exit code; never throws. */
  public static int execute(String... args) {
    return JobMain.execute(args, RefinedToCuratedJob::new, System.getenv(), Clock.systemUTC());
  }

  @Override
  public RunStatus process(RunContext context) throws Exception {
    return new Curation(config(), services()).run(context);
  }
}
