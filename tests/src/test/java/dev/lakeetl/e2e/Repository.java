package dev.lakeetl.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Locations in the source tree the end-to-end tests run against. */
final class Repository {
  private Repository() {}

  /** The repository root: Surefire passes it as {@code lakeetl.repo.root}; else found upwards. */
  static Path root() {
    String configured = System.getProperty("lakeetl.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path folder = Path.of("").toAbsolutePath();
    while (folder != null) {
      if (Files.isRegularFile(folder.resolve("bin/etl-submit"))) {
        return folder;
      }
      folder = folder.getParent();
    }
    throw new IllegalStateException(
        "Cannot find the repository root: no bin/etl-submit above "
            + Path.of("").toAbsolutePath()
            + " and system property lakeetl.repo.root is not set");
  }

  /** The launcher every end-to-end test goes through, as users do. */
  static Path etlSubmit() {
    return root().resolve("bin/etl-submit");
  }

  /** The bookmark tool's launcher. */
  static Path etlBookmarks() {
    return root().resolve("bin/etl-bookmarks");
  }

  /** The bundled sample airports list. */
  static Path sampleAirports() {
    return root().resolve("sample-data/raw/airports/airports.csv");
  }

  /** The bundled sample flights: the folder above their day folders ({@code 2001/01/01/}). */
  static Path sampleFlights() {
    return root().resolve("sample-data/raw/flights");
  }

  /**
   * The shaded raw-to-refined jar and the Spark classpath file the launcher needs.
   *
   * @throws IllegalStateException saying how to build them when either is missing, because the
   *     tests run in the {@code test} phase and only {@code verify} packages the jobs module first
   */
  static Path requireRawToRefinedJar() {
    return requireJobJar("raw-to-refined");
  }

  /** The shaded refined-to-curated jar; see {@link #requireRawToRefinedJar()}. */
  static Path requireRefinedToCuratedJar() {
    return requireJobJar("refined-to-curated");
  }

  private static Path requireJobJar(String job) {
    Path target = root().resolve("jobs/target");
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> found =
          Files.newDirectoryStream(target, "jobs-*-" + job + ".jar")) {
        found.forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + target, e);
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException(
          "Cannot run the end-to-end tests: the shaded jar jobs/target/jobs-<version>-"
              + job
              + ".jar"
              + " is missing; run ./mvnw verify (or ./mvnw -DskipTests package before ./mvnw test)");
    }
    if (!Files.isRegularFile(target.resolve("spark-classpath.txt"))) {
      throw new IllegalStateException(
          "Cannot run the end-to-end tests: jobs/target/spark-classpath.txt is missing; run ./mvnw"
              + " verify");
    }
    return jars.get(0);
  }

  /**
   * The shaded streaming jar.
   *
   * @throws IllegalStateException saying how to build it when it is missing
   */
  static Path requireStreamingJar() {
    Path target = root().resolve("streaming/target");
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> found =
          Files.newDirectoryStream(target, "streaming-*-streaming.jar")) {
        found.forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + target, e);
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException(
          "Cannot run the streaming end-to-end tests: streaming/target/streaming-<version>-streaming.jar"
              + " is missing; run ./mvnw verify (or ./mvnw -DskipTests package before ./mvnw test)");
    }
    requireRawToRefinedJar();
    return jars.get(0);
  }

  /** Where the tests keep process logs: {@code tests/target/e2e-logs}. */
  static Path logFolder() {
    Path folder = root().resolve("tests/target/e2e-logs");
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
  }
}
