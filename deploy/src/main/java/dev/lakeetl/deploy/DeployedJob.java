package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A job the tool deploys: its name (the shaded jar's classifier and the {@code bin/etl-submit}
 * name), the module that builds the jar, the main class and the job config under {@code conf/}.
 *
 * @param name e.g. {@code raw-to-refined}
 * @param module Maven module folder building {@code <module>/target/<module>-<version>-<name>.jar}
 * @param mainClass the job's Java class: EMR Serverless and spark-submit start its {@code main}
 *     ({@code --class}); on Glue the entry script ({@link #GLUE_ENTRY_CLASS}) calls its {@code
 *     execute(String...)}
 * @param configFile the job spec, relative to the repository root
 * @param mode whether it is a batch job or the long-running streaming job (Glue type gluestreaming)
 */
public record DeployedJob(
    String name, String module, String mainClass, String configFile, Mode mode) {

  /**
   * The object every job's Glue entry script defines and Glue starts ({@code --class}): top level,
   * so its name is the fully qualified one Glue needs.
   */
  public static final String GLUE_ENTRY_CLASS = "LakeetlGlueEntry";

  /** The jobs of this repository, in the order of the daily chain. */
  public static final List<DeployedJob> ALL =
      List.of(
          new DeployedJob(
              "raw-to-refined",
              "jobs",
              "dev.lakeetl.jobs.refine.RawToRefinedJob",
              "conf/flights-raw-to-refined.yaml",
              Mode.BATCH),
          new DeployedJob(
              "refined-to-curated",
              "jobs",
              "dev.lakeetl.jobs.curate.RefinedToCuratedJob",
              "conf/flights-refined-to-curated.yaml",
              Mode.BATCH),
          new DeployedJob(
              "streaming",
              "streaming",
              "dev.lakeetl.streaming.StreamingJob",
              "conf/flights-streaming.yaml",
              Mode.STREAMING));

  public DeployedJob {
    requireNonNull(name, "name is null");
    requireNonNull(module, "module is null");
    requireNonNull(mainClass, "mainClass is null");
    requireNonNull(configFile, "configFile is null");
    requireNonNull(mode, "mode is null");
  }

  /** How a job runs. */
  public enum Mode {
    /** Runs to the end of its input and stops. */
    BATCH,
    /** Runs until it is stopped; a deploy restarts it on the new version. */
    STREAMING
  }

  /** Whether this is the long-running streaming job. */
  public boolean streaming() {
    return mode == Mode.STREAMING;
  }

  /** The job called {@code name}, if there is one. */
  public static Optional<DeployedJob> named(String name) {
    requireNonNull(name, "name is null");
    return ALL.stream().filter(job -> job.name().equals(name)).findFirst();
  }

  /** The job called {@code name}, or an error listing the known names. */
  public static DeployedJob require(String name) {
    return named(name)
        .orElseThrow(
            () ->
                new DeployException(
                    "Cannot find job '"
                        + name
                        + "': known jobs are "
                        + String.join(", ", ALL.stream().map(DeployedJob::name).toList())));
  }
}
