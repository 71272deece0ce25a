package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.JobArguments;
import dev.lakeetl.job.BatchJob;
import dev.lakeetl.job.BatchJobRunner;
import dev.lakeetl.job.JobSetup;
import dev.lakeetl.job.PublishedOutput;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunListener;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curated run whose second output fails to publish: the first output, in its table by then, is
 * announced to the listeners (the catalog registers it), the second is not.
 *
 * <p>The shared test session has no Hive catalog, so a listener records the announcements in the
 * catalog's place; the failure is a rename injected through {@link FaultyFileSystem}.
 */
class PublishedOutputsAnnouncedTest {
  @TempDir Path directory;

  private final SparkSession spark = SharedSpark.session();

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  @Test
  void anOutputInItsTableIsAnnouncedWhenALaterOneFailsToPublish() throws IOException {
    files.remember();
    spark
        .sql("SELECT * FROM VALUES ('LAX', '01'), ('SFO', '01'), ('SFO', '02') AS t(origin, day)")
        .write()
        .partitionBy("day")
        .parquet(directory.resolve("refined/flights").toString());
    Path config = directory.resolve("conf/two.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config.resolveSibling("first.sql"),
        "SELECT origin, count(*) AS flights FROM flights GROUP BY origin");
    Files.writeString(
        config.resolveSibling("second.sql"),
        "SELECT day, count(*) AS flights FROM flights GROUP BY day");
    Files.write(
        config,
        List.of(
            "job.name: two-outputs",
            "runtime: local",
            "input.flights: {path: " + directory.resolve("refined/flights") + ", format: parquet}",
            "transforms: [first, second]",
            "transform.first.sql: first.sql",
            "transform.second.sql: second.sql",
            "output.first: {path: " + directory.resolve("curated/first") + "}",
            "output.second: {path: " + directory.resolve("curated/second") + "}",
            "report.path: " + directory.resolve("curated/_reports")),
        StandardCharsets.UTF_8);
    // Renames of the second output's publish only: 1 its journal, 2 its staged files moved in.
    FaultyFileSystem.countOnly(
        path -> {
          String text = path.toString();
          return text.contains("/curated/second/")
              && !text.contains("/_temporary")
              && !text.contains("/.spark-staging");
        });
    FaultyFileSystem.failRename(2, FaultyFileSystem.Failure.RETURN_FALSE);
    List<String> announced = new ArrayList<>();
    List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--run-id", "r1"));
    all.addAll(List.of(files.jobArguments()));
    JobArguments arguments = JobArguments.parse(all.toArray(String[]::new));
    RefinedToCuratedJob job = new RefinedToCuratedJob(arguments, Map.of());

    RunReport report = BatchJobRunner.run(recording(job, announced), arguments, Clock.systemUTC());

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error().orElseThrow()).contains("the table was put back as it was");
    FaultyFileSystem.reset();
    assertThat(
            spark
                .read()
                .parquet(directory.resolve("curated/first").toString())
                .orderBy("origin")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0) + " " + row.getLong(1)))
        .containsExactly("LAX 1", "SFO 2");
    assertThat(visibleFiles(directory.resolve("curated/second"))).isEmpty();
    assertThat(announced).containsExactly("first");
  }

  /** What a reader of the table would list: names not starting with _ or . */
  private static List<String> visibleFiles(Path table) throws IOException {
    if (!Files.exists(table)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(table)) {
      return children
          .map(child -> child.getFileName().toString())
          .filter(name -> !name.startsWith("_") && !name.startsWith("."))
          .toList();
    }
  }

  /** {@code job} with a listener that records the name of every output announced as published. */
  private static BatchJob recording(RefinedToCuratedJob job, List<String> announced) {
    return new BatchJob() {
      @Override
      public JobSetup setup() {
        return job.setup();
      }

      @Override
      public RunStatus process(RunContext context) throws Exception {
        return job.process(context);
      }

      @Override
      public List<RunListener> listeners() {
        List<RunListener> listeners = new ArrayList<>(job.listeners());
        listeners.add(
            new RunListener() {
              @Override
              public void outputPublished(RunContext context, PublishedOutput output) {
                announced.add(output.name());
              }
            });
        return listeners;
      }
    };
  }
}
