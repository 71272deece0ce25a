package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.report.RunStatus;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every batch job: configuration, run, exit code.
 *
 * <p>Exit codes:
 *
 * <ul>
 *   <li>{@value #EXIT_SUCCEEDED}: the run succeeded, or found no input (report status EMPTY)
 *   <li>{@value #EXIT_RUN_FAILED}: the run failed (missing input path, unreadable file, counts that
 *       do not reconcile...); a FAILED report is written when the report folder is writable
 *   <li>{@value #EXIT_INVALID_CONFIGURATION}: the configuration is invalid; Spark was not started
 * </ul>
 */
public final class JobMain {
  public static final int EXIT_SUCCEEDED = 0;
  public static final int EXIT_RUN_FAILED = 1;
  public static final int EXIT_INVALID_CONFIGURATION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

  private JobMain() {}

  /** Creates a job from its arguments: loads and validates its configuration. */
  @FunctionalInterface
  public interface JobFactory {
    /**
     * @throws ConfigException describing every configuration problem
     */
    BatchJob create(JobArguments arguments, Map<String, String> environmentVariables);
  }

  /** Runs the job and exits the JVM with a non-zero code if it did not succeed. */
  public static void main(String[] args, JobFactory factory) {
    int exitCode = execute(args, factory, System.getenv(), Clock.systemUTC());
    if (exitCode != EXIT_SUCCEEDED) {
      System.exit(exitCode);
    }
  }

  /**
   * Runs the job, turning every outcome into an exit code (see the class comment). Never throws.
   */
  public static int execute(
      String[] args, JobFactory factory, Map<String, String> environmentVariables, Clock clock) {
    requireNonNull(args, "args is null");
    requireNonNull(factory, "factory is null");
    JobArguments arguments;
    BatchJob job;
    try {
      arguments = JobArguments.parse(args);
      job = factory.create(arguments, environmentVariables);
    } catch (ConfigException e) {
      LOG.error("Invalid configuration, not starting: {}", e.getMessage());
      return EXIT_INVALID_CONFIGURATION;
    }
    try {
      RunStatus status = BatchJobRunner.run(job, arguments, clock).status();
      return status == RunStatus.FAILED ? EXIT_RUN_FAILED : EXIT_SUCCEEDED;
    } catch (RuntimeException e) {
      // The runner reports failures itself; this is the last guard so main() always exits cleanly.
      LOG.error("Run failed unexpectedly: {}", Failures.message(e), e);
      return EXIT_RUN_FAILED;
    }
  }
}
