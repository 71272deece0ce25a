package dev.lakeetl.deploy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Runs {@link DeployCli} in-process with test credentials and no sleeping between polls. */
final class Cli {
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret-1"));

  /** Exit code and standard output of one command. */
  record Result(int exitCode, String output) {}

  private Cli() {}

  /** The repository root (Surefire passes it; the module folder's parent otherwise). */
  static Path repositoryRoot() {
    String root = System.getProperty("lakeetl.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  /** Runs a command against the repository's deployment settings, version {@code v1}. */
  static Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--repo")) {
      all.add(0, repositoryRoot().toString());
      all.add(0, "--repo");
    }
    all.add(0, "v1");
    all.add(0, "--version");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      exitCode = DeployCli.execute(all.toArray(String[]::new), out, CREDENTIALS, duration -> {});
    }
    return new Result(exitCode, buffer.toString(StandardCharsets.UTF_8));
  }
}
