package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.job.BatchJob;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.report.RunReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A batch job of this module: its configuration, loaded and validated when the job is created, and
 * the {@link BatchServices} every run uses. A job adds its entry points ({@code main}, {@code
 * execute}) and its own work ({@link #process}); the lifecycle around that work (Spark, run id,
 * report, exit codes) is {@link BatchJobRunner}'s.
 *
 * @param <C> the job's typed configuration
 */
public abstract class ConfiguredBatchJob<C extends BatchJobConfig> implements BatchJob {
  /** Builds a job's configuration from its loaded settings. */
  @FunctionalInterface
  public interface ConfigReader<C> {
    /**
     * @throws ConfigException describing every configuration problem
     */
    C from(Settings settings, JobArguments arguments, Map<String, String> environmentVariables);
  }

  private final JobArguments arguments;
  private final C config;
  private final BatchServices services;

  /**
   * Loads and validates the configuration; does not start Spark.
   *
   * @param schema every key the job accepts
   * @param reader builds the typed configuration from the loaded settings
   * @throws ConfigException describing every configuration problem
   */
  protected ConfiguredBatchJob(
      JobArguments arguments,
      Map<String, String> environmentVariables,
      ConfigSchema schema,
      ConfigReader<C> reader) {
    this.arguments = requireNonNull(arguments, "arguments is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(reader, "reader is null");
    Settings settings = ConfigLoader.load(arguments, schema, environmentVariables);
    this.config = reader.from(settings, arguments, environmentVariables);
    this.services = new BatchServices(config.jobName(), settings, config.tables());
  }

  /** The validated configuration. */
  public C config() {
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

  /** The services the job's runs claim outputs, select input and publish with. */
  protected BatchServices services() {
    return services;
  }
}
