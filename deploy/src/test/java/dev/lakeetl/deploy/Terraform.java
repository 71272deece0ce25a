package dev.lakeetl.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every .tf file of {@code infrastructure/} as JSON, parsed by npm {@code @cdktf/hcl2json} (the HCL
 * parser Terraform uses). The package is installed once into {@code target/hcl2json}.
 */
final class Terraform {
  static final String HCL2JSON_PACKAGE = "@cdktf/hcl2json@0.21.0";
  private static JsonNode parsed;

  private Terraform() {}

  /** {"modules/glue_jobs/main.tf": {...}, ...}; skips the calling test when node is missing. */
  static synchronized JsonNode files() throws IOException, InterruptedException {
    if (parsed != null) {
      return parsed;
    }
    assumeTrue(
        run(List.of("node", "--version"), Path.of(".")).exitCode == 0,
        "node and npm are needed to parse the Terraform with "
            + HCL2JSON_PACKAGE
            + " (.ci/run has them)");
    Path repository = Cli.repositoryRoot();
    Path tools = repository.resolve("deploy/target/hcl2json");
    if (!Files.isDirectory(tools.resolve("node_modules/@cdktf/hcl2json"))) {
      Files.createDirectories(tools);
      Result install =
          run(
              List.of(
                  "npm",
                  "install",
                  "--prefix",
                  tools.toString(),
                  "--no-audit",
                  "--no-fund",
                  "--no-save",
                  "--loglevel=error",
                  HCL2JSON_PACKAGE),
              repository);
      if (install.exitCode != 0) {
        throw new IllegalStateException(
            "Cannot install " + HCL2JSON_PACKAGE + ":\n" + install.output);
      }
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            "node",
            repository.resolve("infrastructure/check/hcl2json.js").toString(),
            repository.resolve("infrastructure").toString());
    builder.environment().put("NODE_PATH", tools.resolve("node_modules").toString());
    Result result = run(builder, repository);
    if (result.exitCode != 0) {
      throw new AssertionError("Terraform does not parse:\n" + result.output);
    }
    parsed = new ObjectMapper().readTree(result.output);
    return parsed;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Path directory)
      throws IOException, InterruptedException {
    return run(new ProcessBuilder(command), directory);
  }

  /** Runs a command; output is standard output, followed by standard error when it failed. */
  private static Result run(ProcessBuilder builder, Path directory)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("terraform-check", ".out");
    Path errors = Files.createTempFile("terraform-check", ".err");
    try {
      builder
          .directory(directory.toFile())
          .redirectOutput(output.toFile())
          .redirectError(errors.toFile());
      Process process;
      try {
        process = builder.start();
      } catch (IOException notInstalled) {
        return new Result(127, notInstalled.getMessage());
      }
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + builder.command());
      }
      String stdout = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() == 0) {
        return new Result(0, stdout);
      }
      return new Result(
          process.exitValue(), stdout + Files.readString(errors, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
      Files.deleteIfExists(errors);
    }
  }
}
