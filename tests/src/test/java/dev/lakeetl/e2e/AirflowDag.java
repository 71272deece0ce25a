package dev.lakeetl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Airflow DAG of {@code examples/airflow}, rendered for one date the way Airflow renders it:
 * Python runs the DAG file with stand-ins for the two Airflow classes it uses, and Jinja renders
 * the templated arguments of each task ({@code src/test/python/render_airflow_dag.py}). Airflow
 * itself cannot be installed here; Python 3 with jinja2 can (Debian's python3-jinja2).
 */
final class AirflowDag {
  static final Path DAG = Repository.root().resolve("examples/airflow/lakeetl_daily.py");
  private static final Path RENDERER =
      Repository.root().resolve("tests/src/test/python/render_airflow_dag.py");
  private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");
  private static Optional<String> python;

  private AirflowDag() {}

  /**
   * {@code {"dag_id": ..., "schedule": ..., "tasks": {"<task id>": {<rendered arguments>,
   * "upstream": [...]}}}}; skips the calling test, with a printed reason, when no Python 3 with
   * jinja2 is installed.
   */
  static JsonNode render(String test, Map<String, String> variables, String logicalDate) {
    String interpreter = python().orElse(null);
    if (interpreter == null) {
      Skips.skip(
          test,
          "no Python 3 with jinja2 to render the Airflow DAG (tried "
              + String.join(", ", PYTHONS)
              + "; Debian: apt-get install python3-jinja2)");
    }
    try {
      Path output = Files.createTempFile("dag", ".json");
      Path errors = Files.createTempFile("dag", ".err");
      try {
        Process process =
            new ProcessBuilder(
                    interpreter,
                    RENDERER.toString(),
                    DAG.toString(),
                    logicalDate,
                    new ObjectMapper().writeValueAsString(variables))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new AssertionError(
              "Cannot render " + DAG + ":\n" + Files.readString(errors, StandardCharsets.UTF_8));
        }
        return new ObjectMapper().readTree(output.toFile());
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render " + DAG, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while rendering " + DAG, e);
    }
  }

  private static synchronized Optional<String> python() {
    if (python == null) {
      python = Optional.empty();
      for (String candidate : PYTHONS) {
        try {
          Process probe =
              new ProcessBuilder(candidate, "-c", "import jinja2")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
            python = Optional.of(candidate);
            break;
          }
        } catch (IOException e) {
          // Not installed: try the next one.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return python;
  }
}
