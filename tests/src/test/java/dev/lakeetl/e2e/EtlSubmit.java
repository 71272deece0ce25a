package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs {@code bin/etl-submit} as a real process, exactly as a user would from a shell: stdout and
 * stderr go to one log file under {@code tests/target/e2e-logs}.
 */
final class EtlSubmit {
  /** Generous: a run on the sample takes well under a minute, a loaded CI machine is slower. */
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  private EtlSubmit() {}

  /**
   * What one run did.
   *
   * @param exitCode the process exit code
   * @param log everything the process printed, stdout and stderr interleaved
   * @param logFile where the log is kept
   * @param elapsed wall-clock time of the run (reported, never asserted)
   */
  record Result(int exitCode, String log, Path logFile, Duration elapsed) {
    Result {
      requireNonNull(log, "log is null");
      requireNonNull(logFile, "logFile is null");
      requireNonNull(elapsed, "elapsed is null");
    }

    /** A description for assertion messages: exit code and where to read the log. */
    String describe() {
      return "exit code " + exitCode + ", log " + logFile + ":\n" + tail(log, 6000);
    }
  }

  /**
   * The arguments of a raw-to-refined run over the sample flights with the local environment,
   * writing the refined table and the quarantine under {@code out}, then {@code more}. The catalog
   * is off: registration has its own end-to-end test (CatalogEndToEndTest), and the repository's
   * local metastore stays out of it.
   */
  static List<String> sampleRawToRefined(Path out, String... more) {
    List<String> arguments = sampleInto(out);
    arguments.addAll(List.of("--catalog.enabled", "false"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  /**
   * As {@link #sampleRawToRefined}, with the catalog on: the run registers its table in the local
   * metastore folder {@code metastore}.
   */
  static List<String> sampleRawToRefinedWithCatalog(Path out, Path metastore) {
    List<String> arguments = sampleInto(out);
    arguments.addAll(List.of("--catalog.local.path", metastore.toString()));
    return arguments;
  }

  /**
   * The arguments of a raw-to-refined run of the flights config with the local environment, then
   * {@code more}: where it reads and writes is up to them.
   */
  static List<String> localRawToRefined(String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "raw-to-refined",
                "--config",
                "conf/flights-raw-to-refined.yaml",
                "--env",
                "local"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  private static List<String> sampleInto(Path out) {
    return localRawToRefined(
        "--vars.refined-root",
        out.resolve("refined").toString(),
        "--vars.quarantine-root",
        out.resolve("quarantine").toString());
  }

  /**
   * Runs {@code bin/etl-submit <arguments>} in the repository root and waits for it.
   *
   * @param name names the log file
   * @param environment extra environment variables for the process
   * @param arguments the job and its arguments
   */
  static Result run(String name, Map<String, String> environment, List<String> arguments) {
    return start(Repository.etlSubmit(), name, environment, arguments).await();
  }

  /**
   * Runs another launcher of {@code bin/} (e.g. {@code bin/etl-sql}) the same way.
   *
   * @param launcher the script to run
   */
  static Result run(
      Path launcher, String name, Map<String, String> environment, List<String> arguments) {
    return start(launcher, name, environment, arguments).await();
  }

  /**
   * Starts {@code <launcher> <arguments>} in the repository root without waiting for it.
   *
   * @param launcher a script in {@code bin/}
   * @param name names the log file
   * @param environment extra environment variables for the process
   * @param arguments the launcher's arguments
   */
  static Started start(
      Path launcher, String name, Map<String, String> environment, List<String> arguments) {
    requireNonNull(launcher, "launcher is null");
    requireNonNull(arguments, "arguments is null");
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(arguments);
    return start(name, command, Repository.root(), environment);
  }

  /**
   * Starts any command without waiting for it, its output in {@code
   * tests/target/e2e-logs/<name>.log}.
   *
   * @param directory the working folder of the process
   */
  static Started start(
      String name, List<String> command, Path directory, Map<String, String> environment) {
    requireNonNull(name, "name is null");
    requireNonNull(command, "command is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(environment, "environment is null");
    Path logFile = Repository.logFolder().resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    try {
      return new Started(name, List.copyOf(command), builder.start(), logFile, started);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  /** A process started by {@link #start}. */
  record Started(String name, List<String> command, Process process, Path logFile, long started) {
    /** Waits for the process (at most {@link #TIMEOUT}, then it is killed and this fails). */
    Result await() {
      try {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          ProcessTree.destroy(process);
          throw new AssertionError(
              "Cannot finish "
                  + command
                  + ": still running after "
                  + TIMEOUT
                  + ", killed; log "
                  + logFile
                  + ":\n"
                  + tail(read(logFile), 6000));
        }
      } catch (InterruptedException e) {
        ProcessTree.destroy(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + command, e);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      Result result = new Result(process.exitValue(), read(logFile), logFile, elapsed);
      System.out.printf(
          "%s %s: exit code %d after %.1f s (log %s)%n",
          command.get(0).substring(command.get(0).lastIndexOf('/') + 1),
          name,
          result.exitCode(),
          elapsed.toMillis() / 1000.0,
          logFile);
      return result;
    }

    /**
     * Kills the process and everything it started as soon as {@code writing} holds, as a crash in
     * the middle of a write would (exit code 137); fails unless it was caught while it ran.
     */
    void killWhileWriting(BooleanSupplier writing) throws InterruptedException {
      boolean caught = false;
      while (!caught && process.isAlive()) {
        caught = writing.getAsBoolean();
        if (!caught) {
          Thread.sleep(20);
        }
      }
      assertThat(caught).as("the run was caught while writing; log %s", logFile).isTrue();
      ProcessTree.destroy(process);
      assertThat(process.exitValue()).as("exit code of the killed run").isEqualTo(137);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static String tail(String text, int characters) {
    return text.length() <= characters ? text : "..." + text.substring(text.length() - characters);
  }
}
