package dev.lakeetl.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the main code: no cycle between packages, no module using a module above it,
 * and a package-info for every package. This module sees every other module's classes, so the rules
 * run here, on the main classes only (tests and test-jars are left out).
 */
class ArchitectureTest {
  /**
   * The modules whose main classes are checked, each with the modules its main code may use: the
   * compile-scope dependencies of their poms. bench and tests may use every module.
   */
  private static final Map<String, List<String>> MAY_USE =
      Map.of(
          "etl-core", List.of(),
          "quality", List.of("etl-core"),
          "jobs", List.of("etl-core", "quality"),
          "streaming", List.of("etl-core", "quality"),
          "deploy", List.of("etl-core"));

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test-jars on this module's class path (test helpers of etl-core and streaming).
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.lakeetl");
  }

  @Test
  void importsEveryModuleAndNoTestClass() {
    Set<String> names = classes.stream().map(JavaClass::getName).collect(Collectors.toSet());
    // One class of each module, so the rules below cannot pass on an empty import.
    assertThat(names)
        .contains(
            "dev.lakeetl.config.CoreKeys",
            "dev.lakeetl.quality.QualityGate",
            "dev.lakeetl.jobs.refine.RawToRefinedJob",
            "dev.lakeetl.streaming.StreamingJob",
            "dev.lakeetl.deploy.DeployCli");
    assertThat(names).doesNotContain("dev.lakeetl.testing.SharedSpark", getClass().getName());
  }

  /** Every package is its own slice: {@code io} and {@code io.csv} may not use each other. */
  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.lakeetl.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void modulesUseOnlyTheModulesBelowThem() {
    Map<String, Set<String>> packages = mainPackagesByModule();
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String module : MAY_USE.keySet()) {
      assertThat(packages.get(module)).as("main packages of %s", module).isNotEmpty();
      layers = layers.layer(module).definedBy(packages.get(module).toArray(String[]::new));
    }
    for (Map.Entry<String, List<String>> module : MAY_USE.entrySet()) {
      layers =
          module.getValue().isEmpty()
              ? layers.whereLayer(module.getKey()).mayNotAccessAnyLayer()
              : layers
                  .whereLayer(module.getKey())
                  .mayOnlyAccessLayers(module.getValue().toArray(String[]::new));
    }
    layers.check(classes);
  }

  /**
   * One package-info per package name. A package split over two modules (a benchmark class next to
   * the classes it measures) has it in the module that owns the package only.
   */
  @Test
  void everyPackageHasOnePackageInfo() {
    Map<String, List<Path>> infos = new TreeMap<>();
    Set<String> packages = new TreeSet<>();
    for (Path sources : mainSourceFolders()) {
      for (Path folder : javaFolders(sources)) {
        String name = sources.relativize(folder).toString().replace('/', '.');
        packages.add(name);
        Path info = folder.resolve("package-info.java");
        if (Files.isRegularFile(info)) {
          infos.computeIfAbsent(name, ignored -> new ArrayList<>()).add(info);
          assertThat(read(info)).as("Javadoc of %s", info).containsPattern("(?s)/\\*\\*.+\\*/");
        }
      }
    }
    assertThat(packages).as("packages under */src/main/java").isNotEmpty();
    List<String> missing = packages.stream().filter(name -> !infos.containsKey(name)).toList();
    assertThat(missing).as("packages without a package-info.java").isEmpty();
    Map<String, List<Path>> repeated =
        infos.entrySet().stream()
            .filter(entry -> entry.getValue().size() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(repeated).as("packages with a package-info.java in two modules").isEmpty();
  }

  /** The packages of each checked module, from its source folder. */
  private static Map<String, Set<String>> mainPackagesByModule() {
    Map<String, Set<String>> packages = new TreeMap<>();
    Map<String, String> owner = new TreeMap<>();
    for (String module : MAY_USE.keySet()) {
      Path sources = root().resolve(module).resolve("src/main/java");
      for (Path folder : javaFolders(sources)) {
        String name = sources.relativize(folder).toString().replace('/', '.');
        packages.computeIfAbsent(module, ignored -> new TreeSet<>()).add(name);
        String other = owner.put(name, module);
        assertThat(other).as("module other than %s holding package %s", module, name).isNull();
      }
    }
    return packages;
  }

  /** Every {@code src/main/java} folder of a module of the repository, bench included. */
  private static List<Path> mainSourceFolders() {
    try (Stream<Path> modules = Files.list(root())) {
      return modules
          .map(module -> module.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folders below {@code sources} that hold Java files: one per package. */
  private static List<Path> javaFolders(Path sources) {
    try (Stream<Path> files = Files.walk(sources)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .map(Path::getParent)
          .distinct()
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository root: Surefire passes it as {@code lakeetl.repo.root}. */
  private static Path root() {
    String configured = System.getProperty("lakeetl.repo.root");
    Path root =
        configured == null || configured.isBlank()
            ? Path.of("..").toAbsolutePath().normalize()
            : Path.of(configured).toAbsolutePath().normalize();
    assertThat(root.resolve("etl-core/src/main/java")).as("repository root").isDirectory();
    return root;
  }
}
