package dev.lakeetl.streaming.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded streaming jar carries what source.kafka.authentication aws-msk-iam needs. Runs {@link
 * MskIamProbe} in a child JVM whose class path is what a job run has: the shaded jar, then the
 * runtime's (Spark, Hadoop and their libraries: this module's provided dependencies), plus the
 * probe's own class, so nothing of this module's unshaded dependencies can stand in for the jar.
 * The probe points at a closed port on 127.0.0.1: building the clients and signing need no broker.
 *
 * <p>An integration test: it needs the jar, which the package phase builds after the unit tests.
 */
class MskIamShadedJarIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String BROKER_HOST = "b-1.example.kafka.us-east-1.amazonaws.com";
  private static final String ACCESS_KEY_ID = "AKIDLAKEETLPROBE";
  private static final String LIBRARY_FOLDER = "software/amazon/msk/";

  @Test
  void theJarBuildsTheKafkaClientsAndSignsTheFirstSaslMessage(@TempDir Path dir) {
    String output = runProbe(shadedJar(), dir, 0);

    assertThat(output)
        .contains(MskIamProbe.CONSUMER_BUILT, MskIamProbe.ADMIN_BUILT)
        .contains(MskIamProbe.FIRST_MESSAGE)
        .contains("\"action\":\"kafka-cluster:Connect\"", "\"host\":\"" + BROKER_HOST + "\"")
        .containsPattern(
            "\"x-amz-credential\":\"" + ACCESS_KEY_ID + "/\\d{8}/us-east-1/kafka-cluster/")
        .containsPattern("\"x-amz-signature\":\"[0-9a-f]{64}\"");
  }

  @Test
  void withoutTheLibraryInTheJarTheConsumerCannotBeBuilt(@TempDir Path dir) throws IOException {
    Path jar = shadedJar();
    try (JarFile shaded = new JarFile(jar.toFile())) {
      assertThat(shaded.getEntry(LIBRARY_FOLDER + "auth/iam/IAMLoginModule.class")).isNotNull();
    }
    Path stripped = withoutFolder(jar, LIBRARY_FOLDER, dir.resolve("without-msk-iam.jar"));

    String output = runProbe(stripped, dir, 1);

    assertThat(output)
        .contains("software.amazon.msk.auth.iam.IAMClientCallbackHandler")
        .containsIgnoringCase("could not be found")
        .doesNotContain(MskIamProbe.CONSUMER_BUILT);
  }

  /** Runs the probe over {@code jar} and the runtime's class path; returns what it printed. */
  private static String runProbe(Path jar, Path dir, int expectedExitCode) {
    List<String> classpath = new ArrayList<>();
    classpath.add(jar.toString());
    classpath.add(runtimeClasspath());
    classpath.add(probeClasses().toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                String.join(File.pathSeparator, classpath),
                MskIamProbe.class.getName(),
                "127.0.0.1:" + closedPort(),
                BROKER_HOST)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("probe.log").toFile());
    // Made-up keys, first in the SDK's default chain; nothing else of this machine's AWS setup.
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    environment.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    try {
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Cannot finish the probe: still running after " + TIMEOUT);
      }
      String output = Files.readString(dir.resolve("probe.log"), StandardCharsets.UTF_8);
      assertThat(process.exitValue())
          .as("exit code; the probe printed:\n" + output)
          .isEqualTo(expectedExitCode);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run the probe", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the probe ran", e);
    }
  }

  private static Path shadedJar() {
    Path jar = Path.of(property("lakeetl.streaming.jar"));
    assertThat(jar).as("the shaded streaming jar").isRegularFile();
    return jar;
  }

  /** Spark, Hadoop and their libraries, as the build lists the provided dependencies. */
  private static String runtimeClasspath() {
    Path file = Path.of(property("lakeetl.runtime.classpath.file"));
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the runtime class path " + file, e);
    }
  }

  /** The folder holding the probe's class (this module's test classes). */
  private static Path probeClasses() {
    try {
      return Path.of(MskIamProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the probe's class folder", e);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as(
            "system property "
                + name
                + " (set by the failsafe plugin: run ./mvnw -pl streaming -am verify)")
        .isNotBlank();
    return value;
  }

  /** A port nothing listens on: taken from the system, then released. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot pick a free port", e);
    }
  }

  /** A copy of {@code jar} without the entries under {@code folder}. */
  private static Path withoutFolder(Path jar, String folder, Path target) throws IOException {
    try (JarFile source = new JarFile(jar.toFile());
        JarOutputStream copy = new JarOutputStream(Files.newOutputStream(target))) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(folder)) {
          continue;
        }
        copy.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream in = source.getInputStream(entry)) {
          in.transferTo(copy);
        }
        copy.closeEntry();
      }
    }
    return target;
  }
}
