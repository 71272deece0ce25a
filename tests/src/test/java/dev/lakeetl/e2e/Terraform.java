package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Terraform itself, offline: the {@code terraform} on the PATH with the AWS provider from a local
 * filesystem mirror (never downloaded), run on a copy of {@code infrastructure/} in {@code
 * tests/target/terraform}. Each environment root gets a local backend and an offline provider
 * (static fake credentials, no account or region lookup) through an override file in the copy, so
 * {@code terraform plan} computes every resource without calling AWS. The plans give each
 * environment an MSK cluster and a VPC for its streaming job, so they hold those resources too.
 *
 * <p>When Terraform or the provider is missing, {@link #require} prints a SKIP line naming what is
 * missing and skips the calling test.
 */
final class Terraform {
  static final List<String> ENVIRONMENTS = List.of("dev", "qa", "staging", "prod");

  /**
   * The environments the contract tests check: all four, or those listed in the system property
   * {@code lakeetl.contract.environments} (e.g. {@code dev}) for a quicker run while working.
   */
  static Stream<String> environments() {
    String chosen = System.getProperty("lakeetl.contract.environments", "");
    if (chosen.isBlank()) {
      return ENVIRONMENTS.stream();
    }
    return Stream.of(chosen.split(",")).map(String::strip).filter(ENVIRONMENTS::contains);
  }

  /** The artifact version the plans create the Glue jobs with. */
  static final String ARTIFACT_VERSION = "contract-v1";

  static final String GITHUB_REPOSITORY = "example/lakeetl";
  static final String GITHUB_OIDC_PROVIDER =
      "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

  /** The VPC the plans put the streaming job's workers in, to reach the MSK brokers. */
  static final String VPC =
      "{subnet_ids=[\"subnet-0a1b2c3d\",\"subnet-4e5f6a7b\"],"
          + "subnet_availability_zones=[\"eu-west-1a\",\"eu-west-1b\"],"
          + "security_group_ids=[\"sg-0c1d2e3f\"]}";

  /** The MSK cluster the plans give an environment's streaming job. */
  static String mskCluster(String environment) {
    return "arn:aws:kafka:eu-west-1:123456789012:cluster/lakeetl-"
        + environment
        + "/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-2";
  }

  /** Where the provider mirror is looked for, after {@code LAKEETL_TERRAFORM_PROVIDER_MIRROR}. */
  private static final List<String> MIRROR_CANDIDATES =
      List.of(
          "/opt/tf-plugins",
          "~/.terraform.d/plugins",
          "~/.local/share/terraform/plugins",
          "/usr/local/share/terraform/plugins",
          "/usr/share/terraform/plugins");

  private static final String PROVIDER_PATH = "registry.terraform.io/hashicorp/aws";

  private static final String OFFLINE_OVERRIDE =
      """
      # Written by the contract tests into their copy of the environment: local state and an
      # offline provider (fake static credentials, no account or region lookup).
      terraform {
        backend "local" {}
      }

      provider "aws" {
        access_key                  = "AKIAIOSFODNN7EXAMPLE"
        secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        skip_credentials_validation = true
        skip_requesting_account_id  = true
        skip_metadata_api_check     = true
        skip_region_validation      = true
        # Needs the account lookup skipped above; real runs keep the check.
        allowed_account_ids = null
      }
      """;

  private static Optional<Toolchain> toolchain;
  private static Path workspace;
  private static final Map<String, TerraformPlan> PLANS = new HashMap<>();

  private Terraform() {}

  /** The terraform binary and the CLI configuration that installs the AWS provider offline. */
  record Toolchain(String terraform, Path mirror, Path cliConfig) {}

  /** The result of one terraform command: exit code and stdout followed by stderr. */
  record Result(int exitCode, String output) {}

  /**
   * The toolchain, or a skipped test: prints {@code SKIP <test>: <reason>} first, so the reason is
   * in the build log where the test is skipped.
   */
  static Toolchain require(String test) {
    Optional<Toolchain> found = toolchain();
    if (found.isEmpty()) {
      Skips.skip(test, missingReason());
    }
    return found.orElseThrow();
  }

  /** The plan of {@code infrastructure/environments/<environment>}, computed once per JVM. */
  static synchronized TerraformPlan plan(String test, String environment) {
    TerraformPlan cached = PLANS.get(environment);
    if (cached != null) {
      return cached;
    }
    require(test);
    Path root = initialized(environment);
    Path planFile = root.resolve("contract.tfplan");
    check(
        run(
            root,
            "plan",
            "-input=false",
            "-no-color",
            "-lock=false",
            "-out=" + planFile,
            "-var",
            "artifact_version=" + ARTIFACT_VERSION,
            "-var",
            "github_repository=" + GITHUB_REPOSITORY,
            "-var",
            "github_oidc_provider_arn=" + GITHUB_OIDC_PROVIDER,
            "-var",
            "msk_cluster_arn=" + mskCluster(environment),
            "-var",
            "vpc=" + VPC),
        "plan " + environment);
    Result shown = check(run(root, "show", "-json", "-no-color", planFile.toString()), "show");
    try {
      TerraformPlan plan =
          new TerraformPlan(environment, new ObjectMapper().readTree(shown.output()));
      PLANS.put(environment, plan);
      return plan;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse the plan of " + environment, e);
    }
  }

  /**
   * The environment root in the working copy, {@code terraform init}-ed with the offline override.
   */
  static synchronized Path initialized(String environment) {
    Path root = workspace().resolve("environments").resolve(environment);
    if (!Files.isDirectory(root.resolve(".terraform"))) {
      write(root.resolve("contract_override.tf"), OFFLINE_OVERRIDE);
      check(run(root, "init", "-input=false", "-no-color"), "init " + environment);
    }
    return root;
  }

  /** Runs {@code terraform <arguments>} in {@code folder} with the offline CLI configuration. */
  static Result run(Path folder, String... arguments) {
    Toolchain tools = toolchain().orElseThrow(() -> new IllegalStateException(missingReason()));
    List<String> command = new ArrayList<>();
    command.add(tools.terraform());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("TF_CLI_CONFIG_FILE", tools.cliConfig().toString());
    environment.put("TF_IN_AUTOMATION", "1");
    environment.put("CHECKPOINT_DISABLE", "1");
    environment.remove("TF_WORKSPACE");
    try {
      Path output = Files.createTempFile("terraform", ".out");
      Path errors = Files.createTempFile("terraform", ".err");
      try {
        Process process =
            builder.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("Timed out after 5 minutes: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(output, StandardCharsets.UTF_8)
                + Files.readString(errors, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: " + command, e);
    }
  }

  /** {@code result} when it succeeded, else an AssertionError with Terraform's output. */
  static Result check(Result result, String what) {
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "terraform " + what + " failed (exit " + result.exitCode() + "):\n" + result.output());
    }
    return result;
  }

  /** A fresh copy of {@code infrastructure/} (without local state), made once per JVM. */
  static synchronized Path workspace() {
    if (workspace != null) {
      return workspace;
    }
    Path source = Repository.root().resolve("infrastructure");
    Path target = Repository.root().resolve("tests/target/terraform/infrastructure");
    try {
      if (Files.exists(target)) {
        try (Stream<Path> old = Files.walk(target)) {
          for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      try (Stream<Path> files = Files.walk(source)) {
        for (Path path : files.toList()) {
          Path relative = source.relativize(path);
          if (isLocalState(relative)) {
            continue;
          }
          Path copy = target.resolve(relative.toString());
          if (Files.isSymbolicLink(path)) {
            Files.createDirectories(copy.getParent());
            Files.createSymbolicLink(copy, Files.readSymbolicLink(path));
          } else if (Files.isDirectory(path)) {
            Files.createDirectories(copy);
          } else {
            Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + source + " to " + target, e);
    }
    workspace = target;
    return target;
  }

  private static boolean isLocalState(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(".terraform")
          || name.endsWith(".tfstate")
          || name.contains(".tfstate.")
          || name.equals(".terraform.lock.hcl")
          || name.equals("backend.hcl")) {
        return true;
      }
    }
    return false;
  }

  private static synchronized Optional<Toolchain> toolchain() {
    if (toolchain == null) {
      toolchain = find();
    }
    return toolchain;
  }

  private static Optional<Toolchain> find() {
    Optional<String> terraform = onPath("terraform");
    Optional<Path> mirror = mirror();
    if (terraform.isEmpty() || mirror.isEmpty()) {
      return Optional.empty();
    }
    Path cliConfig = Repository.root().resolve("tests/target/terraform/offline.tfrc");
    write(
        cliConfig,
        """
        # The AWS provider from the local mirror only; nothing is downloaded.
        provider_installation {
          filesystem_mirror {
            path    = "%s"
            include = ["%s"]
          }
          direct {
            exclude = ["%s"]
          }
        }
        """
            .formatted(mirror.get(), PROVIDER_PATH, PROVIDER_PATH));
    return Optional.of(new Toolchain(terraform.get(), mirror.get(), cliConfig));
  }

  private static String missingReason() {
    if (onPath("terraform").isEmpty()) {
      return "terraform is not on the PATH (the Terraform contract needs terraform >= 1.6 and the"
          + " AWS provider in a local filesystem mirror)";
    }
    return "no AWS provider mirror (<folder>/"
        + PROVIDER_PATH
        + "/<version>/"
        + platform()
        + "/terraform-provider-aws*) in LAKEETL_TERRAFORM_PROVIDER_MIRROR or "
        + String.join(", ", MIRROR_CANDIDATES)
        + "; the tests never download a provider";
  }

  private static Optional<Path> mirror() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getenv("LAKEETL_TERRAFORM_PROVIDER_MIRROR");
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(MIRROR_CANDIDATES);
    for (String candidate : candidates) {
      Path folder = Path.of(candidate.replaceFirst("^~", System.getProperty("user.home")));
      Path versions = folder.resolve(PROVIDER_PATH);
      if (!Files.isDirectory(versions)) {
        continue;
      }
      try (Stream<Path> found = Files.list(versions)) {
        boolean hasProvider =
            found.anyMatch(
                version -> {
                  Path platform = version.resolve(platform());
                  try (Stream<Path> binaries = Files.list(platform)) {
                    return binaries.anyMatch(
                        binary ->
                            binary.getFileName().toString().startsWith("terraform-provider-aws"));
                  } catch (IOException e) {
                    return false;
                  }
                });
        if (hasProvider) {
          return Optional.of(folder.toAbsolutePath().normalize());
        }
      } catch (IOException e) {
        // An unreadable candidate is no mirror.
      }
    }
    return Optional.empty();
  }

  private static String platform() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String goOs = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String goArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return goOs + "_" + goArch;
  }

  private static Optional<String> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static void write(Path file, String text) {
    requireNonNull(text, "text is null");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
