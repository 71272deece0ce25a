package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.deploy.ArtifactPlan;
import dev.lakeetl.deploy.DeployException;
import dev.lakeetl.deploy.DeployedJob;
import dev.lakeetl.deploy.GlueEntryScript;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import scala.collection.JavaConverters;
import scala.tools.nsc.Global;
import scala.tools.nsc.Settings;
import scala.tools.nsc.reporters.ConsoleReporter;

/**
 * Compiles the Glue entry script of a {@link DeployedJob} as Glue does: with the Scala 2.12
 * compiler (in-process), the job's shaded jar ({@code --extra-jars}) and the Spark classpath on the
 * compile classpath.
 *
 * <p>To start a job the way Glue does, put the compiled folder, {@link #shadedJar} and {@link
 * #sparkClasspath} on the classpath and start {@link DeployedJob#GLUE_ENTRY_CLASS}, e.g.
 * spark-submit {@code --class LakeetlGlueEntry} with the folder and the jar on its classpath, and
 * Glue's arguments ({@code --JOB_NAME ...}) followed by the job's default arguments.
 */
final class GlueScripts {
  private static final String BUILD_HINT =
      "run ./mvnw verify (or ./mvnw -DskipTests package before ./mvnw test)";

  private GlueScripts() {}

  /**
   * Compiles {@code GlueEntryScript.forJob(job)} into {@code folder}.
   *
   * @param folder where the class files go; created when missing
   * @return {@code folder}, holding the classes of {@link DeployedJob#GLUE_ENTRY_CLASS} (a Scala
   *     object: {@code LakeetlGlueEntry.class} and {@code LakeetlGlueEntry$.class})
   * @throws IllegalStateException when the shaded jar or the Spark classpath has not been built
   * @throws AssertionError with the compiler's messages and the script when it does not compile
   */
  static Path compile(DeployedJob job, Path folder) {
    requireNonNull(job, "job is null");
    requireNonNull(folder, "folder is null");
    List<Path> classpath = new ArrayList<>();
    classpath.add(shadedJar(job));
    classpath.addAll(sparkClasspath());
    String script = GlueEntryScript.forJob(job);
    Path source = null;
    try {
      Files.createDirectories(folder);
      // Outside the output folder: only class files belong on the job's classpath.
      source = Files.createTempFile("glue-" + job.name() + "-", ".scala");
      Files.writeString(source, script, StandardCharsets.UTF_8);
      Optional<String> errors = run(source, folder, classpath);
      if (errors.isPresent()) {
        throw new AssertionError(
            "Cannot compile the Glue entry script of job "
                + job.name()
                + ":\n"
                + errors.get()
                + "\nScript:\n"
                + script);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot compile the Glue entry script of job " + job.name() + ": " + e.getMessage(), e);
    } finally {
      if (source != null) {
        try {
          Files.deleteIfExists(source);
        } catch (IOException ignored) {
          // A temporary file left behind does not matter.
        }
      }
    }
  }

  /**
   * The job's shaded jar as the package phase builds it and {@code upload} sends it ({@code
   * <module>/target/<module>-<version>-<job>.jar}).
   *
   * @throws IllegalStateException saying how to build it when it is missing
   */
  static Path shadedJar(DeployedJob job) {
    requireNonNull(job, "job is null");
    try {
      return ArtifactPlan.shadedJar(Repository.root(), job);
    } catch (DeployException e) {
      throw new IllegalStateException(
          "Cannot find the shaded jar of job " + job.name() + " (" + BUILD_HINT + "): " + e, e);
    }
  }

  /**
   * What Glue provides to every job and {@code bin/etl-submit} puts on the classpath: Spark,
   * Hadoop, Scala 2.12 and their dependencies, as the package phase lists them in {@code
   * jobs/target/spark-classpath.txt}.
   *
   * @throws IllegalStateException saying how to build the list when it is missing
   */
  static List<Path> sparkClasspath() {
    Path list = Repository.root().resolve("jobs/target/spark-classpath.txt");
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException(
          "Cannot find the Spark classpath: jobs/target/spark-classpath.txt is missing; "
              + BUILD_HINT);
    }
    try {
      String text = Files.readString(list, StandardCharsets.UTF_8).trim();
      List<Path> jars = new ArrayList<>();
      for (String entry : text.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          jars.add(Path.of(entry));
        }
      }
      return List.copyOf(jars);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + list + ": " + e.getMessage(), e);
    }
  }

  /** Runs the compiler; returns its messages when it reported errors. */
  private static Optional<String> run(Path source, Path output, List<Path> classpath) {
    Settings settings = new Settings();
    settings.outputDirs().setSingleOutput(output.toString());
    // Explicit: the test JVM's own classpath (the job modules' classes) must not leak in.
    settings
        .classpath()
        .value_$eq(
            classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    StringWriter messages = new StringWriter();
    ConsoleReporter reporter =
        new ConsoleReporter(
            settings, new BufferedReader(new StringReader("")), new PrintWriter(messages, true));
    Global compiler = new Global(settings, reporter);
    Global.Run run = compiler.new Run();
    run.compile(JavaConverters.asScalaBuffer(List.of(source.toString())).toList());
    reporter.flush();
    return reporter.hasErrors() ? Optional.of(messages.toString()) : Optional.empty();
  }
}
