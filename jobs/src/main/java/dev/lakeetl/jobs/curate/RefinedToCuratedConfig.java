package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.ConfigSection;
import dev.lakeetl.config.ConfigSections;
import dev.lakeetl.config.ConfigSections.Names;
import dev.lakeetl.config.CoreConfigs;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Ratio;
import dev.lakeetl.config.Settings;
import dev.lakeetl.incremental.IncrementalConfig;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.incremental.IncrementalMode;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.jobs.batch.BatchJobConfig;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import dev.lakeetl.spark.StoragePaths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Everything a refined-to-curated run needs, validated: which datasets are read, the transform
 * steps in order, and which datasets are written where.
 *
 * @param jobName job.name
 * @param inputs input.* in name order
 * @param steps transform steps in the order of {@code transforms}
 * @param outputs output.* in name order
 * @param reportPath report.path
 * @param spark runtime, spark.*, s3.*
 * @param tables catalog.*: the table each output is registered as, by output name; empty when
 *     catalog.enabled is false
 * @param incremental incremental.*, --run-date and Glue's --job-bookmark-option: which partitions
 *     of the {@code input.<name>.incremental} inputs a run reads
 * @param quarantineMaxRatio quarantine.max-ratio: the largest share of an output's rows a run may
 *     quarantine by its rules; empty when off
 */
public record RefinedToCuratedConfig(
    String jobName,
    List<InputConfig> inputs,
    List<TransformStep> steps,
    List<OutputConfig> outputs,
    String reportPath,
    SparkConfig spark,
    Map<String, CatalogConfig> tables,
    IncrementalConfig incremental,
    Optional<Ratio> quarantineMaxRatio)
    implements BatchJobConfig {
  /** The default quarantine of an output, inside its table root (ignored by readers). */
  static final String QUARANTINE_FOLDER = "_quarantine";

  public RefinedToCuratedConfig {
    requireNonNull(jobName, "jobName is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    steps = List.copyOf(requireNonNull(steps, "steps is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    requireNonNull(reportPath, "reportPath is null");
    requireNonNull(spark, "spark is null");
    tables = Map.copyOf(requireNonNull(tables, "tables is null"));
    requireNonNull(incremental, "incremental is null");
    requireNonNull(quarantineMaxRatio, "quarantineMaxRatio is null");
    List<String> problems = crossCheck(inputs, steps, outputs, reportPath);
    problems.addAll(incrementalChecks(inputs, outputs, incremental));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * An incremental run reads some days of its incremental inputs, so it needs one, and each output
   * must replace exactly the days it writes: partitioned, written with overwrite-partitions.
   */
  private static List<String> incrementalChecks(
      List<InputConfig> inputs, List<OutputConfig> outputs, IncrementalConfig incremental) {
    if (incremental.mode() == IncrementalMode.FULL) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    if (inputs.stream().noneMatch(InputConfig::incremental)) {
      problems.add(
          "Cannot run "
              + incremental.describe()
              + ": no input is incremental; set input.<name>.incremental: true on the"
              + " day-partitioned inputs, or "
              + IncrementalKeys.MODE.name()
              + "=full");
    }
    for (OutputConfig output : outputs) {
      if (output.writer().partitionBy().isEmpty()
          || output.writer().mode() != WriteMode.OVERWRITE_PARTITIONS) {
        problems.add(
            "Cannot run "
                + incremental.describe()
                + ": output."
                + output.name()
                + " must be partitioned by day (output."
                + output.name()
                + ".partition-by, now "
                + output.writer().partitionBy()
                + ") and written with output."
                + output.name()
                + ".write-mode=overwrite-partitions (now "
                + output.writer().mode().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "), so a re-run replaces exactly the days it writes");
      } else {
        incremental
            .dayPartitionProblem(
                "output." + output.name() + ".partition-by",
                "output." + output.name() + ".write-mode",
                output.writer().partitionBy())
            .ifPresent(problems::add);
      }
    }
    return problems;
  }

  /** Names must be unique and refer only to what exists before them. */
  private static List<String> crossCheck(
      List<InputConfig> inputs,
      List<TransformStep> steps,
      List<OutputConfig> outputs,
      String reportPath) {
    List<String> problems = new ArrayList<>();
    if (inputs.isEmpty()) {
      problems.add("Cannot configure job: no input.<name>.path is given");
    }
    if (outputs.isEmpty()) {
      problems.add("Cannot configure job: no output.<name>.path is given");
    }
    Set<String> inputNames = new HashSet<>();
    Set<String> known = new HashSet<>();
    for (InputConfig input : inputs) {
      inputNames.add(input.name());
      known.add(input.name());
    }
    for (TransformStep step : steps) {
      if (step instanceof TransformStep.Java java && !known.contains(java.input())) {
        problems.add(
            "Cannot configure transform."
                + step.name()
                + ".input: '"
                + java.input()
                + "' is neither an input nor an earlier step; known: "
                + sorted(known));
      }
      if (!known.add(step.name())) {
        problems.add(
            "Cannot configure transform "
                + step.name()
                + ": the name is already used by an input or an earlier step");
      }
    }
    Set<String> writtenPaths = new HashSet<>();
    for (OutputConfig output : outputs) {
      if (!known.contains(output.name())) {
        problems.add(
            "Cannot configure output."
                + output.name()
                + ": no input or transform step produces a dataset '"
                + output.name()
                + "'; known: "
                + sorted(known));
      }
      output
          .reconcileWith()
          .filter(input -> !inputNames.contains(input))
          .ifPresent(
              input ->
                  problems.add(
                      "Cannot configure output."
                          + output.name()
                          + ".reconcile-with: '"
                          + input
                          + "' is not an input; inputs: "
                          + sorted(inputNames)));
      problems.addAll(
          OutputQuality.unknownReferences(output.name(), output.quality().rules(), known));
      String path = StoragePaths.withoutTrailingSlash(output.writer().path());
      if (!writtenPaths.add(path)) {
        problems.add(
            "Cannot configure output." + output.name() + ".path: another output writes " + path);
      }
    }
    return problems;
  }

  /**
   * Builds the job configuration from loaded settings, reading the SQL files and checking the Java
   * transform classes, so every mistake is found before Spark starts.
   *
   * @throws ConfigException listing every problem, each naming its key
   */
  public static RefinedToCuratedConfig from(
      Settings settings, JobArguments arguments, Map<String, String> environmentVariables) {
    requireNonNull(settings, "settings is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(environmentVariables, "environmentVariables is null");
    List<String> problems = new ArrayList<>();
    List<InputConfig> inputs = inputs(settings, problems);
    List<TransformStep> steps = steps(settings, arguments, problems);
    List<OutputConfig> outputs = outputs(settings, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    SparkConfig spark = CoreConfigs.spark(settings, arguments, environmentVariables);
    String jobName = CoreConfigs.jobName(settings);
    // The first output (in name order) keeps the bookmark, as raw-to-refined's target does.
    IncrementalConfig incremental =
        IncrementalConfig.from(
            settings,
            arguments,
            IncrementalConfig.defaultBookmarkPath(
                outputs.isEmpty() ? "" : outputs.get(0).writer().path(), jobName));
    try {
      return new RefinedToCuratedConfig(
          jobName,
          inputs,
          steps,
          outputs,
          settings.get(CurateKeys.REPORT_PATH),
          spark,
          tables(settings, spark.runtime(), outputs),
          incremental,
          CoreConfigs.quarantineMaxRatio(settings));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static List<InputConfig> inputs(Settings settings, List<String> problems) {
    return sections(
        settings,
        CurateKeys.INPUT,
        CurateKeys.INPUT_ATTRIBUTES,
        problems,
        (name, input) ->
            new InputConfig(
                name,
                input.get(CurateKeys.INPUT_PATH),
                input.get(CurateKeys.INPUT_FORMAT),
                text(input, CurateKeys.INPUT_SCHEMA),
                text(input, CurateKeys.INPUT_FILTER),
                input.get(CurateKeys.INPUT_OPTIONS),
                input.get(CurateKeys.INPUT_INCREMENTAL)));
  }

  private static List<TransformStep> steps(
      Settings settings, JobArguments arguments, List<String> problems) {
    String prefix = CurateKeys.TRANSFORM.name();
    Map<String, ConfigSection> sections =
        ConfigSections.read(settings, CurateKeys.TRANSFORM, Names.SQL_IDENTIFIER, problems);
    List<String> order = settings.get(CurateKeys.TRANSFORMS);
    List<TransformStep> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : order) {
      if (!seen.add(name)) {
        problems.add(CurateKeys.TRANSFORMS.name() + ": step '" + name + "' is listed twice");
        continue;
      }
      ConfigSection section = sections.get(name);
      if (section == null) {
        problems.add(
            CurateKeys.TRANSFORMS.name()
                + ": step '"
                + name
                + "' has no "
                + prefix
                + "."
                + name
                + ".sql or "
                + prefix
                + "."
                + name
                + ".class");
        continue;
      }
      step(section, arguments, problems).ifPresent(steps::add);
    }
    Map<String, ConfigSection> unlisted = new LinkedHashMap<>(sections);
    unlisted.keySet().removeAll(order);
    unlisted.forEach(
        (name, section) ->
            problems.add(
                prefix
                    + "."
                    + name
                    + ": step is not listed in "
                    + CurateKeys.TRANSFORMS.name()
                    + ", so it would never run; add it there or remove it"));
    return steps;
  }

  private static Optional<TransformStep> step(
      ConfigSection section, JobArguments arguments, List<String> problems) {
    String sqlKey = section.key(CurateKeys.TRANSFORM_SQL.name());
    String classKey = section.key(CurateKeys.TRANSFORM_CLASS.name());
    boolean sql = section.has(CurateKeys.TRANSFORM_SQL.name());
    if (sql == section.has(CurateKeys.TRANSFORM_CLASS.name())) {
      problems.add(sqlKey + " / " + classKey + ": set exactly one: a SQL file or a Java class");
      return Optional.empty();
    }
    if (sql) {
      Optional<Settings> attributes = section.read(CurateKeys.SQL_STEP_ATTRIBUTES, problems);
      if (attributes.isEmpty()) {
        return Optional.empty();
      }
      String location =
          ConfigLoader.resolveRelative(arguments, attributes.get().get(CurateKeys.TRANSFORM_SQL));
      try {
        String text = ConfigLoader.readText(arguments, location, sqlKey);
        return Optional.of(new TransformStep.Sql(section.name(), location, text));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
        return Optional.empty();
      }
    }
    Optional<Settings> attributes = section.read(CurateKeys.JAVA_STEP_ATTRIBUTES, problems);
    Optional<String> className = section.value(CurateKeys.TRANSFORM_CLASS, new ArrayList<>());
    if (className.isPresent()) {
      // Checked even when another attribute is wrong, so every problem shows in one run.
      try {
        JavaTransforms.load(className.get(), classKey);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return Optional.empty();
      }
    }
    return attributes.map(
        java ->
            new TransformStep.Java(
                section.name(),
                java.get(CurateKeys.TRANSFORM_CLASS),
                java.get(CurateKeys.TRANSFORM_INPUT),
                java.get(CurateKeys.TRANSFORM_OPTIONS)));
  }

  private static List<OutputConfig> outputs(Settings settings, List<String> problems) {
    return sections(
        settings,
        CurateKeys.OUTPUT,
        CurateKeys.OUTPUT_ATTRIBUTES,
        problems,
        (name, output) -> {
          String path = output.get(CurateKeys.OUTPUT_PATH);
          // The quality keys' defaults (dataset, history, staging) are relative to this output.
          QualityConfig quality = QualityConfig.from(output, name, path);
          return new OutputConfig(
              name,
              new WriterConfig(
                  path,
                  output.get(CurateKeys.OUTPUT_PARTITION_BY),
                  output.get(CurateKeys.OUTPUT_COMPRESSION),
                  output.get(CurateKeys.OUTPUT_MAX_RECORDS_PER_FILE),
                  output.get(CurateKeys.OUTPUT_WRITE_MODE)),
              text(output, CurateKeys.OUTPUT_RECONCILE_WITH),
              text(output, CurateKeys.OUTPUT_TABLE).orElse(name),
              quality,
              text(output, CurateKeys.OUTPUT_QUARANTINE_PATH)
                  .orElse(StoragePaths.child(path, QUARANTINE_FOLDER)));
        });
  }

  /**
   * Reads each section under {@code key} whose attributes are valid, in name order; the problems of
   * the others, and those {@code read} throws ({@link ConfigException}, {@link
   * IllegalArgumentException}), are added to {@code problems}.
   */
  private static <T> List<T> sections(
      Settings settings,
      ConfigKey<Map<String, String>> key,
      ConfigSchema attributes,
      List<String> problems,
      BiFunction<String, Settings, T> read) {
    List<T> values = new ArrayList<>();
    for (ConfigSection section :
        ConfigSections.read(settings, key, Names.SQL_IDENTIFIER, problems).values()) {
      Optional<Settings> valid = section.read(attributes, problems);
      if (valid.isEmpty()) {
        continue;
      }
      try {
        values.add(read.apply(section.name(), valid.get()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return values;
  }

  /** A text attribute; blank counts as unset. */
  private static Optional<String> text(Settings section, ConfigKey<String> key) {
    return section.find(key).map(String::trim).filter(value -> !value.isEmpty());
  }

  /**
   * One table per output in catalog.database, named output.<name>.table or like the output; the
   * database and metastore checks are {@link CatalogConfig}'s.
   */
  private static Map<String, CatalogConfig> tables(
      Settings settings, SparkRuntime runtime, List<OutputConfig> outputs) {
    if (outputs.isEmpty()) {
      return Map.of();
    }
    Optional<CatalogConfig> catalog =
        CatalogConfig.forTable(settings, runtime, outputs.get(0).table());
    if (catalog.isEmpty()) {
      return Map.of();
    }
    List<String> problems = new ArrayList<>();
    Map<String, CatalogConfig> tables = new LinkedHashMap<>();
    for (OutputConfig output : outputs) {
      // output.<name>.table is checked when loaded; its default, the output's name, may have
      // capitals.
      if (!output.table().matches("[a-z0-9_]+")) {
        problems.add(
            "Cannot register output '"
                + output.name()
                + "': table name '"
                + output.table()
                + "' (output."
                + output.name()
                + ".table) must be lower-case letters, digits and underscores");
        continue;
      }
      tables.put(output.name(), catalog.get().withTable(output.table()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return tables;
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().toList().toString();
  }
}
