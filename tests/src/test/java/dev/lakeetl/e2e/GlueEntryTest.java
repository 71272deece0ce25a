package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.deploy.DeployedJob;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Glue can start every job: the generated entry script compiles with Scala 2.12 against the job's
 * shaded jar, defines exactly the class that {@code --class} names in the job definitions of the
 * Terraform plan, and its {@code main} calls into the job, failing the run with a message when the
 * job's exit code is not 0.
 */
class GlueEntryTest {
  /** Compiled once per job for all tests; compiling takes seconds. */
  private static final Map<String, Path> COMPILED = new HashMap<>();

  @TempDir static Path scripts;

  private static URLClassLoader spark;

  static Stream<String> jobs() {
    return DeployedJob.ALL.stream().map(DeployedJob::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void scriptDefinesTheClassTheTerraformJobDefinitionStarts(String name) throws Exception {
    DeployedJob job = DeployedJob.require(name);
    String entryClass = jobArguments(job).get("--class");

    assertThat(topLevelClasses(compiled(job))).containsExactly(entryClass);
    assertHasGlueMain(job, entryClass);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void mainCallsTheJobAndFailsTheRunWhenTheConfigurationIsInvalid(String name, @TempDir Path folder)
      throws Exception {
    DeployedJob job = DeployedJob.require(name);
    Map<String, String> defaults = new LinkedHashMap<>(jobArguments(job));
    String entryClass = defaults.get("--class");
    defaults.put("--config", folder.resolve("missing.yaml").toString());
    List<String> sysArgs =
        new ArrayList<>(
            List.of(
                "--JOB_ID",
                "j_0123456789abcdef",
                "--JOB_RUN_ID",
                "jr_0123456789abcdef",
                "--JOB_NAME",
                "lakeetl-dev-" + job.name(),
                "--TempDir",
                "s3://example-dev-temp/glue/",
                "--job-bookmark-option",
                "job-bookmark-disable"));
    defaults.forEach(
        (key, value) -> {
          sysArgs.add(key);
          sysArgs.add(value);
        });
    // Glue starts --class from the compiled script, never from --extra-jars.
    assertThat(topLevelClasses(compiled(job))).contains(entryClass);

    Throwable failure;
    try (URLClassLoader loader = glueClassLoader(job)) {
      assertThat(loader.loadClass(job.mainClass()).getProtectionDomain().getCodeSource())
          .as("the job's classes come from its shaded jar")
          .extracting(source -> source.getLocation().toString())
          .isEqualTo(GlueScripts.shadedJar(job).toUri().toURL().toString());
      Method main = loader.loadClass(entryClass).getMethod("main", String[].class);
      failure = invoke(loader, main, sysArgs.toArray(String[]::new));
    }

    assertThat(failure)
        .as("what main threw")
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot run job "
                + job.name()
                + ": exit code 2 (invalid configuration, nothing started); the log says why");
  }

  /** The job's default arguments as the dev plan renders them (this version's artifacts). */
  private static Map<String, String> jobArguments(DeployedJob job) {
    JsonNode planned =
        Terraform.plan("GlueEntryTest", "dev")
            .resource("aws_glue_job", "job[\"" + job.name() + "\"]")
            .values()
            .get("default_arguments");
    Map<String, String> arguments = new LinkedHashMap<>();
    planned
        .fields()
        .forEachRemaining(field -> arguments.put(field.getKey(), field.getValue().asText()));
    return arguments;
  }

  private static synchronized Path compiled(DeployedJob job) {
    return COMPILED.computeIfAbsent(
        job.name(), name -> GlueScripts.compile(job, scripts.resolve(name)));
  }

  /** Names of the compiled classes that are not nested or Scala's object classes ({@code $}). */
  private static List<String> topLevelClasses(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(file -> file.toString().endsWith(".class"))
          .map(file -> folder.relativize(file).toString().replace(File.separatorChar, '.'))
          .map(file -> file.substring(0, file.length() - ".class".length()))
          .filter(className -> !className.contains("$"))
          .sorted()
          .toList();
    }
  }

  /** The {@code public static void main(String[])} Glue calls, as the compiled class has it. */
  private static void assertHasGlueMain(DeployedJob job, String entryClass) throws Exception {
    try (URLClassLoader loader = glueClassLoader(job)) {
      Method main = loader.loadClass(entryClass).getMethod("main", String[].class);
      assertThat(Modifier.isPublic(main.getModifiers())).as("main is public").isTrue();
      assertThat(Modifier.isStatic(main.getModifiers())).as("main is static").isTrue();
      assertThat(main.getReturnType()).isEqualTo(void.class);
    }
  }

  /**
   * The compiled script and the shaded jar over the Spark classpath, as Glue loads them. Not over
   * the test class loader: it holds the job modules' own classes, which would win over the shaded
   * jar's, and lacks Spark and Hadoop, which the jobs need (their config is read through Hadoop's
   * FileSystem).
   */
  private static URLClassLoader glueClassLoader(DeployedJob job) throws MalformedURLException {
    URL[] urls = {compiled(job).toUri().toURL(), GlueScripts.shadedJar(job).toUri().toURL()};
    return new URLClassLoader("glue-" + job.name(), urls, sparkClassLoader());
  }

  /** The Spark classpath, shared by the tests; its root is the platform class loader. */
  private static synchronized ClassLoader sparkClassLoader() throws MalformedURLException {
    if (spark == null) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : GlueScripts.sparkClasspath()) {
        urls.add(jar.toUri().toURL());
      }
      spark =
          new URLClassLoader(
              "spark", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
    return spark;
  }

  @AfterAll
  static void closeSparkClassLoader() throws IOException {
    if (spark != null) {
      spark.close();
    }
  }

  /** Calls main as Glue's driver does: the job's class loader is the context class loader. */
  private static Throwable invoke(ClassLoader loader, Method main, String[] sysArgs) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return catchThrowable(() -> main.invoke(null, (Object) sysArgs));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
