package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/etl-submit itself: its JVM flags and its clear failures, without starting Spark. */
class LauncherTest {
  @Test
  void java17FlagsMatchTheParentPom() throws IOException {
    String pom = Files.readString(Repository.root().resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher property =
        Pattern.compile("<spark\\.java17\\.flags>(.*?)</spark\\.java17\\.flags>", Pattern.DOTALL)
            .matcher(pom);
    assertThat(property.find()).as("spark.java17.flags in pom.xml").isTrue();
    List<String> pomFlags = Arrays.asList(property.group(1).trim().split("\\s+"));

    String script = Files.readString(Repository.etlSubmit(), StandardCharsets.UTF_8);
    Matcher array =
        Pattern.compile("\\njava17_flags=\\(\\n(.*?)\\n\\)", Pattern.DOTALL).matcher(script);
    assertThat(array.find()).as("java17_flags=( ... ) in bin/etl-submit").isTrue();
    List<String> scriptFlags = Arrays.asList(array.group(1).trim().split("\\s+"));

    assertThat(pomFlags)
        .hasSizeGreaterThan(10)
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(scriptFlags).containsExactlyElementsOf(pomFlags);
  }

  @Test
  void refusesJavaNewerThan21(@TempDir Path javaHome) throws IOException {
    // A stand-in JDK that only answers -version, as a Java 25 install would.
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\necho 'openjdk version \"25.0.1\" 2025-10-21' >&2\nexit 0\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    EtlSubmit.Result result =
        EtlSubmit.run(
            "launcher-java-25",
            Map.of("JAVA_HOME", javaHome.toString()),
            List.of("raw-to-refined", "--config", "conf/flights-raw-to-refined.yaml"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.log()).contains("Java 25.0.1").contains("Hadoop 3.3.4 needs Java 17");
  }

  @Test
  void namesAMissingJar() {
    EtlSubmit.Result result =
        EtlSubmit.run("launcher-missing-jar", Map.of(), List.of("no/such/job.jar"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.log()).contains("Cannot run no/such/job.jar: no such jar file");
  }

  @Test
  void usesTheParallelCollectorUnlessTheUserChoosesOne(@TempDir Path directory) throws IOException {
    // A stand-in JDK 17 that prints the command line instead of starting Spark.
    Path java = Files.createDirectories(directory.resolve("jdk/bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -version ]; then echo 'openjdk version \"17.0.15\"' >&2; exit 0; fi\n"
            + "echo \"JVM $*\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.createFile(directory.resolve("job.jar"));
    Map<String, String> jdk = Map.of("JAVA_HOME", directory.resolve("jdk").toString());

    EtlSubmit.Result defaults = EtlSubmit.run("launcher-gc-default", jdk, List.of(jar.toString()));
    EtlSubmit.Result chosen =
        EtlSubmit.run(
            "launcher-gc-chosen",
            Map.of(
                "JAVA_HOME", directory.resolve("jdk").toString(), "ETL_JAVA_OPTS", "-XX:+UseG1GC"),
            List.of(jar.toString()));

    assertThat(defaults.exitCode()).as(defaults.describe()).isZero();
    assertThat(defaults.log()).contains("-XX:+UseParallelGC");
    assertThat(chosen.exitCode()).as(chosen.describe()).isZero();
    assertThat(chosen.log()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
  }
}
