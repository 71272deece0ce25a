package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates AWS requests against IAM policies offline, with the policy evaluator of npm {@code
 * @cloud-copilot/iam-simulate} (installed once into {@code tests/target/iam-simulate}; node and npm
 * are needed, as for the Kinesis emulator): identity policies of a principal plus the resource's
 * policy, as AWS decides a same-account request.
 */
final class IamSimulator {
  static final String PACKAGE = "@cloud-copilot/iam-simulate@0.1.173";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT =
      Repository.root().resolve("tests/src/test/node/simulate-iam.js");
  private static Path modules;

  private IamSimulator() {}

  /**
   * One request to decide.
   *
   * @param principal the role ARN making it
   * @param identityPolicies the role's policies, as JSON documents
   * @param resourcePolicy the resource's policy (a bucket policy), or null
   * @param request the action, resource and context
   */
  record Case(
      String principal,
      List<JsonNode> identityPolicies,
      JsonNode resourcePolicy,
      IamRequest request) {
    Case {
      requireNonNull(principal, "principal is null");
      identityPolicies = List.copyOf(requireNonNull(identityPolicies, "identityPolicies is null"));
      requireNonNull(request, "request is null");
    }
  }

  /**
   * The decisions ({@code Allowed}, {@code ImplicitlyDenied}, {@code ExplicitlyDenied}), in order.
   */
  static List<String> decide(List<Case> cases, String accountId) {
    if (cases.isEmpty()) {
      return List.of();
    }
    ObjectNode input = JSON.createObjectNode();
    ArrayNode array = input.putArray("cases");
    for (Case check : cases) {
      ObjectNode node = array.addObject();
      node.put("principal", check.principal());
      ArrayNode policies = node.putArray("identityPolicies");
      for (int index = 0; index < check.identityPolicies().size(); index++) {
        ObjectNode named = policies.addObject();
        named.put("name", "policy" + index);
        named.set("policy", check.identityPolicies().get(index));
      }
      if (check.resourcePolicy() != null) {
        node.set("resourcePolicy", check.resourcePolicy());
      }
      node.put("action", check.request().action());
      node.put("resource", check.request().resource());
      node.put("accountId", accountId);
      ObjectNode context = node.putObject("context");
      check.request().context().forEach(context::put);
    }
    JsonNode output = run(input);
    List<String> decisions = new ArrayList<>();
    for (int index = 0; index < output.size(); index++) {
      JsonNode decision = output.get(index);
      if (decision.path("result").asText().equals("Error")) {
        throw new AssertionError(
            "iam-simulate refused " + cases.get(index).request() + ": " + decision.path("errors"));
      }
      decisions.add(decision.path("result").asText());
    }
    return decisions;
  }

  private static JsonNode run(JsonNode input) {
    Path nodeModules = install();
    try {
      Path in = Files.createTempFile("iam", ".json");
      Path out = Files.createTempFile("iam", ".out");
      Path errors = Files.createTempFile("iam", ".err");
      try {
        JSON.writeValue(in.toFile(), input);
        ProcessBuilder builder =
            new ProcessBuilder("node", SCRIPT.toString())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(errors.toFile());
        builder.environment().put("NODE_PATH", nodeModules.toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new AssertionError(
              "iam-simulate failed: " + Files.readString(errors, StandardCharsets.UTF_8));
        }
        return JSON.readTree(out.toFile());
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run iam-simulate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running iam-simulate", e);
    }
  }

  /** Installs the package once; its node_modules folder. */
  private static synchronized Path install() {
    if (modules != null) {
      return modules;
    }
    Path prefix = Repository.root().resolve("tests/target/iam-simulate");
    Path installed = prefix.resolve("node_modules/@cloud-copilot/iam-simulate");
    if (!Files.isDirectory(installed)) {
      try {
        Files.createDirectories(prefix);
        Path log = prefix.resolve("npm-install.log");
        Process process =
            new ProcessBuilder(
                    "npm",
                    "install",
                    "--prefix",
                    prefix.toString(),
                    "--no-audit",
                    "--no-fund",
                    "--no-save",
                    "--loglevel=error",
                    PACKAGE)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "Cannot install " + PACKAGE + ": " + Files.readString(log, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new IllegalStateException(
            "Cannot install " + PACKAGE + " (node and npm are needed): " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while installing " + PACKAGE, e);
      }
    }
    modules = prefix.resolve("node_modules");
    return modules;
  }
}
