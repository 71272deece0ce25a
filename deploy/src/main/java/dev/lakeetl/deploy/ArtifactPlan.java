package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code upload} puts into the artifacts bucket for one version: each selected job's shaded
 * jar, its Glue entry script, and every file of {@code conf/} (job specs, SQL, environment
 * overlays), keeping the folder layout so {@code --env} finds {@code conf/env/<env>.yaml} next to
 * the spec.
 */
public final class ArtifactPlan {
  private ArtifactPlan() {}

  /**
   * Lists the artifacts.
   *
   * @throws DeployException when a job's jar has not been built or {@code conf/} is missing
   */
  public static List<Artifact> of(
      Path repositoryRoot, ArtifactLayout layout, List<DeployedJob> jobs) {
    requireNonNull(repositoryRoot, "repositoryRoot is null");
    requireNonNull(layout, "layout is null");
    requireNonNull(jobs, "jobs is null");
    List<Artifact> artifacts = new ArrayList<>();
    for (DeployedJob job : jobs) {
      artifacts.add(Artifact.ofFile(layout.jarKey(job), shadedJar(repositoryRoot, job)));
      artifacts.add(Artifact.ofText(layout.glueScriptKey(job), GlueEntryScript.forJob(job)));
    }
    Path conf = repositoryRoot.resolve("conf");
    if (!Files.isDirectory(conf)) {
      throw new DeployException("Cannot upload job configs: " + conf + " is not a folder");
    }
    try (Stream<Path> files = Files.walk(conf)) {
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              file -> {
                String relative = repositoryRoot.relativize(file).toString().replace('\\', '/');
                artifacts.add(Artifact.ofFile(layout.key(relative), file));
              });
    } catch (IOException e) {
      throw new DeployException("Cannot list " + conf + ": " + e, e);
    }
    for (DeployedJob job : jobs) {
      if (!Files.isRegularFile(repositoryRoot.resolve(job.configFile()))) {
        throw new DeployException(
            "Cannot upload job " + job.name() + ": its config " + job.configFile() + " is missing");
      }
    }
    return List.copyOf(artifacts);
  }

  /** {@code <module>/target/<module>-<version>-<job>.jar}, built by {@code ./mvnw package}. */
  public static Path shadedJar(Path repositoryRoot, DeployedJob job) {
    Path target = repositoryRoot.resolve(job.module()).resolve("target");
    String glob = job.module() + "-*-" + job.name() + ".jar";
    List<Path> matches = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(target, glob)) {
        stream.forEach(matches::add);
      } catch (IOException e) {
        throw new DeployException("Cannot list " + target + ": " + e, e);
      }
    }
    if (matches.size() != 1) {
      throw new DeployException(
          "Cannot upload job "
              + job.name()
              + ": expected one "
              + job.module()
              + "/target/"
              + glob
              + ", found "
              + (matches.isEmpty() ? "none (run ./mvnw -B -DskipTests package)" : matches));
    }
    return matches.get(0);
  }
}
