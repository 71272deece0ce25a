package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Terraform's own checks of {@code infrastructure/}, offline with the real AWS provider: format,
 * {@code terraform validate}, {@code terraform test} (each environment root and each module with
 * tests), and a plan of each environment that computes every policy and job definition the contract
 * tests read.
 */
class TerraformEnvironmentsTest {
  @Test
  void filesAreFormatted() {
    Terraform.require("TerraformEnvironmentsTest.filesAreFormatted");
    Terraform.Result result =
        Terraform.run(Terraform.workspace(), "fmt", "-check", "-recursive", "-diff", "-no-color");
    assertThat(result.exitCode())
        .as("terraform fmt -check -recursive infrastructure:\n" + result.output())
        .isZero();
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void environmentValidatesAndPassesItsTests(String environment) {
    Terraform.require("TerraformEnvironmentsTest.environmentValidatesAndPassesItsTests");
    Path root = Terraform.initialized(environment);

    Terraform.check(Terraform.run(root, "validate", "-no-color"), "validate " + environment);
    Terraform.Result tests =
        Terraform.check(Terraform.run(root, "test", "-no-color"), "test " + environment);

    assertThat(tests.output()).contains("Success!").doesNotContain("0 passed");
  }

  @Test
  void modulesPassTheirTests() throws IOException {
    Terraform.require("TerraformEnvironmentsTest.modulesPassTheirTests");
    List<Path> tested = modulesWithTests();
    assertThat(tested).isNotEmpty();
    for (Path module : tested) {
      Terraform.check(Terraform.run(module, "init", "-input=false", "-no-color"), "init " + module);
      Terraform.Result tests =
          Terraform.check(Terraform.run(module, "test", "-no-color"), "test " + module);
      assertThat(tests.output()).as(module.toString()).contains("Success!");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void planComputesThePoliciesAndJobDefinitions(String environment) {
    TerraformPlan plan =
        Terraform.plan(
            "TerraformEnvironmentsTest.planComputesThePoliciesAndJobDefinitions", environment);

    List<TerraformPlan.Resource> policies = plan.resources("aws_iam_role_policy");
    assertThat(policies).isNotEmpty();
    for (TerraformPlan.Resource policy : policies) {
      assertThat(plan.unknownAttributes(policy.address()))
          .as(policy.address())
          .doesNotContain("policy");
      assertThat(policy.document("policy").path("Statement").size()).isPositive();
    }
    for (TerraformPlan.Resource job : plan.resources("aws_glue_job")) {
      assertThat(plan.unknownAttributes(job.address()))
          .as(job.address())
          .doesNotContain("default_arguments", "name");
      assertThat(job.values().path("default_arguments").path("--env").asText())
          .isEqualTo(environment);
    }
    assertThat(plan.buckets()).containsKeys("raw", "refined", "curated", "artifacts");
  }

  private static List<Path> modulesWithTests() throws IOException {
    try (Stream<Path> modules = Files.list(Terraform.workspace().resolve("modules"))) {
      return modules.filter(module -> Files.isDirectory(module.resolve("tests"))).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
