package dev.lakeetl.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The version artifacts are uploaded under: the repository's current git commit. */
final class GitVersion {
  private GitVersion() {}

  static String currentCommit(Path repositoryRoot) {
    ProcessBuilder builder =
        new ProcessBuilder("git", "-C", repositoryRoot.toString(), "rev-parse", "HEAD")
            .redirectErrorStream(true);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new DeployException(
            "Cannot find the git commit of "
                + repositoryRoot
                + ": git rev-parse HEAD failed ("
                + output.trim()
                + "); pass --version <name>");
      }
      return output.trim();
    } catch (IOException e) {
      throw new DeployException(
          "Cannot find the git commit of "
              + repositoryRoot
              + ": "
              + e.getMessage()
              + "; pass --version <name>",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("Cannot find the git commit: interrupted", e);
    }
  }
}
