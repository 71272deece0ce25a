package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.catalog.CatalogConfig;
import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.CoreConfigs;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Ratio;
import dev.lakeetl.config.Settings;
import dev.lakeetl.incremental.IncrementalConfig;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.incremental.IncrementalMode;
import dev.lakeetl.io.SourceFormat;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriterConfig;
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
    Optional<Ratio> quarantineMaxRatio) {
  static final Set<String> INPUT_ATTRIBUTES =
      Set.of("path", "format", "schema", "filter", "incremental", Sections.OPTIONS);
  static final Set<String> SQL_ATTRIBUTES = Set.of("sql");
  static final Set<String> JAVA_ATTRIBUTES = Set.of("class", "input", Sections.OPTIONS);
  static final Set<String> OUTPUT_ATTRIBUTES =
      Set.of(
          "path",
          "partition-by",
          "write-mode",
          "compression",
          "max-records-per-file",
          "reconcile-with",
          "table",
          "quarantine-path",
          OutputQuality.GROUP + ".*");

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
    List<InputConfig> inputs = new ArrayList<>();
    String prefix = CurateKeys.INPUT.name();
    for (Sections.Section section :
        Sections.split(prefix, settings.get(CurateKeys.INPUT), problems).values()) {
      section.allowOnly(INPUT_ATTRIBUTES);
      String path = section.required("path", "a file or folder");
      SourceFormat format = section.enumeration("format", SourceFormat.class, SourceFormat.PARQUET);
      boolean incremental = section.bool("incremental", false);
      if (!path.isEmpty()) {
        try {
          inputs.add(
              new InputConfig(
                  section.name(),
                  path,
                  format,
                  section.optional("schema"),
                  section.optional("filter"),
                  section.options(),
                  incremental));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    return inputs;
  }

  private static List<TransformStep> steps(
      Settings settings, JobArguments arguments, List<String> problems) {
    String prefix = CurateKeys.TRANSFORM.name();
    Map<String, Sections.Section> sections =
        Sections.split(prefix, settings.get(CurateKeys.TRANSFORM), problems);
    List<String> order = settings.get(CurateKeys.TRANSFORMS);
    List<TransformStep> steps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : order) {
      if (!seen.add(name)) {
        problems.add(CurateKeys.TRANSFORMS.name() + ": step '" + name + "' is listed twice");
        continue;
      }
      Sections.Section section = sections.get(name);
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
    Map<String, Sections.Section> unlisted = new LinkedHashMap<>(sections);
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
      Sections.Section section, JobArguments arguments, List<String> problems) {
    Optional<String> sqlFile = section.optional("sql");
    Optional<String> className = section.optional("class");
    if (sqlFile.isPresent() == className.isPresent()) {
      problems.add(
          section.key("sql")
              + " / "
              + section.key("class")
              + ": set exactly one: a SQL file or a Java class");
      return Optional.empty();
    }
    if (sqlFile.isPresent()) {
      section.allowOnly(SQL_ATTRIBUTES);
      String location = ConfigLoader.resolveRelative(arguments, sqlFile.get());
      try {
        String sql = ConfigLoader.readText(arguments, location, section.key("sql"));
        return Optional.of(new TransformStep.Sql(section.name(), location, sql));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
        return Optional.empty();
      }
    }
    section.allowOnly(JAVA_ATTRIBUTES);
    String input = section.required("input", "the dataset passed to the transform");
    try {
      JavaTransforms.load(className.get(), section.key("class"));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
    if (input.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TransformStep.Java(section.name(), className.get(), input, section.options()));
  }

  private static List<OutputConfig> outputs(Settings settings, List<String> problems) {
    List<OutputConfig> outputs = new ArrayList<>();
    String prefix = CurateKeys.OUTPUT.name();
    for (Sections.Section section :
        Sections.split(prefix, settings.get(CurateKeys.OUTPUT), problems).values()) {
      section.allowOnly(OUTPUT_ATTRIBUTES);
      String path = section.required("path", "the table root to write");
      List<String> partitionBy = section.list("partition-by");
      String compression = section.optional("compression").orElse(WriterConfig.DEFAULT_COMPRESSION);
      long maxRecordsPerFile =
          section.positiveLong("max-records-per-file", WriterConfig.DEFAULT_MAX_RECORDS_PER_FILE);
      WriteMode mode =
          section.enumeration("write-mode", WriteMode.class, WriteMode.OVERWRITE_PARTITIONS);
      if (!path.isEmpty()) {
        outputs.add(
            new OutputConfig(
                section.name(),
                new WriterConfig(path, partitionBy, compression, maxRecordsPerFile, mode),
                section.optional("reconcile-with"),
                section.optional("table").orElse(section.name()),
                OutputQuality.read(section, path, problems),
                section
                    .optional("quarantine-path")
                    .orElse(StoragePaths.withoutTrailingSlash(path) + "/" + QUARANTINE_FOLDER)));
      }
    }
    return outputs;
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
