package dev.lakeetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunReportWriter;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.spark.S3Config;
import dev.lakeetl.spark.SparkConfig;
import dev.lakeetl.spark.SparkRuntime;
import dev.lakeetl.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJobRunnerTest {
  // SparkSessions.create applies its settings to the running session: keep the shared one's sizes.
  private static final Map<String, String> SHARED_SESSION_SIZES =
      Map.of("spark.sql.shuffle.partitions", "2", "spark.sql.files.maxPartitionBytes", "128m");

  @TempDir Path reports;

  private final List<String> events = new ArrayList<>();

  @BeforeAll
  static void startSpark() {
    // The runner's SparkSessions.create then returns the shared test session.
    SharedSpark.session();
  }

  @Test
  void runsListenersInOrderAndWritesTheReport() throws Exception {
    RunReport report = run(context -> publishOne(context, RunStatus.SUCCEEDED), "run-1");

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.runId()).isEqualTo("run-1");
    assertThat(report.counts()).isEqualTo(new RunCounts(3, 3, 0, 0));
    assertThat(report.partitionsWritten()).containsExactly("day=1");
    assertThat(report.outputs().target()).isEqualTo("/data/out");
    assertThat(report.durationsMillis()).containsKeys("work", "total");
    assertThat(events)
        .containsExactly("published out", "succeeded run-1", "finished run-1 SUCCEEDED");
    RunReport written =
        RunReportWriter.read(
            reports.resolve("run-1.json").toString(),
            SharedSpark.session().sparkContext().hadoopConfiguration());
    assertThat(written).isEqualTo(report);
  }

  @Test
  void emptyRunSkipsTheSuccessListeners() throws Exception {
    RunReport report = run(context -> RunStatus.EMPTY, "run-2");

    assertThat(report.status()).isEqualTo(RunStatus.EMPTY);
    assertThat(events).containsExactly("finished run-2 EMPTY");
  }

  @Test
  void failureOfTheJobIsReportedWithItsMessage() throws Exception {
    RunReport report =
        run(
            context -> {
              context.tracker().counts(new RunCounts(5, 0, 0, 0));
              throw new RunFailedException("Cannot publish: rule 'rows' failed");
            },
            "run-3");

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains("Cannot publish: rule 'rows' failed");
    assertThat(report.counts().read()).isEqualTo(5);
    assertThat(events).containsExactly("finished run-3 FAILED");
    assertThat(Files.exists(reports.resolve("run-3.json"))).isTrue();
  }

  @Test
  void failingSuccessListenerFailsTheRun() throws Exception {
    RunListener conflict =
        new RunListener() {
          @Override
          public void runSucceeded(RunContext context) {
            throw new RunFailedException("Cannot commit bookmark: another run committed first");
          }
        };
    RunReport report =
        BatchJobRunner.run(
            job(context -> RunStatus.SUCCEEDED, List.of(conflict, recorder())),
            JobArguments.parse("--run-id", "run-4"),
            Clock.systemUTC());

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains("Cannot commit bookmark: another run committed first");
    assertThat(events).containsExactly("finished run-4 FAILED");
  }

  @Test
  void failingFinishListenerDoesNotChangeTheOutcome() throws Exception {
    RunListener broken =
        new RunListener() {
          @Override
          public void runFinished(RunReport report) {
            throw new IllegalStateException("webhook down");
          }
        };
    RunReport report =
        BatchJobRunner.run(
            job(context -> RunStatus.SUCCEEDED, List.of(broken, recorder())),
            JobArguments.parse("--run-id", "run-5"),
            Clock.systemUTC());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(events).containsExactly("succeeded run-5", "finished run-5 SUCCEEDED");
  }

  @Test
  void glueRunIdNamesTheRunWhenNoRunIdIsGiven() throws Exception {
    RunReport report =
        BatchJobRunner.run(
            job(context -> RunStatus.EMPTY, List.of()),
            JobArguments.parse("--JOB_NAME", "x", "--JOB_RUN_ID", "jr_0123"),
            Clock.systemUTC());

    assertThat(report.runId()).isEqualTo("jr_0123");
  }

  @Test
  void exitCodes() {
    Map<String, String> env = Map.of();
    JobMain.JobFactory invalid =
        (arguments, environment) -> {
          throw new ConfigException("Invalid configuration: job.name is missing");
        };
    assertThat(JobMain.execute(new String[0], invalid, env, Clock.systemUTC()))
        .isEqualTo(JobMain.EXIT_INVALID_CONFIGURATION);
    assertThat(
            JobMain.execute(
                new String[] {"--run-id", "run-6"},
                (arguments, environment) ->
                    job(
                        context -> {
                          throw new IllegalArgumentException("Cannot read: no column 'x'");
                        },
                        List.of()),
                env,
                Clock.systemUTC()))
        .isEqualTo(JobMain.EXIT_RUN_FAILED);
    assertThat(
            JobMain.execute(
                new String[] {"--run-id", "run-7"},
                (arguments, environment) -> job(context -> RunStatus.SUCCEEDED, List.of()),
                env,
                Clock.systemUTC()))
        .isEqualTo(JobMain.EXIT_SUCCEEDED);
  }

  private RunStatus publishOne(RunContext context, RunStatus status) throws Exception {
    WriterConfig target =
        new WriterConfig(
            "/data/out", List.of("day"), "snappy", 1000, WriteMode.OVERWRITE_PARTITIONS);
    context.tracker().target(target.path());
    context.tracker().counts(new RunCounts(3, 3, 0, 0));
    context.tracker().partitions(List.of("day=1"));
    context.tracker().step("work");
    context.published(
        new PublishedOutput(
            "out", target, new StructType(), new WriteResult(3, List.of("day=1"), Duration.ZERO)));
    return status;
  }

  private RunReport run(Work work, String runId) {
    return BatchJobRunner.run(
        job(work, List.of(recorder())), JobArguments.parse("--run-id", runId), Clock.systemUTC());
  }

  private RunListener recorder() {
    return new RunListener() {
      @Override
      public void outputPublished(RunContext context, PublishedOutput output) {
        events.add("published " + output.name());
      }

      @Override
      public void runSucceeded(RunContext context) {
        events.add("succeeded " + context.runId());
      }

      @Override
      public void runFinished(RunReport report) {
        events.add("finished " + report.runId() + " " + report.status());
      }
    };
  }

  @FunctionalInterface
  private interface Work {
    RunStatus process(RunContext context) throws Exception;
  }

  private BatchJob job(Work work, List<RunListener> listeners) {
    JobSetup setup =
        new JobSetup(
            "test-job",
            new SparkConfig(
                SparkRuntime.LOCAL, Optional.empty(), SHARED_SESSION_SIZES, S3Config.DEFAULT),
            reports.toString());
    return new BatchJob() {
      @Override
      public JobSetup setup() {
        return setup;
      }

      @Override
      public RunStatus process(RunContext context) throws Exception {
        return work.process(context);
      }

      @Override
      public List<RunListener> listeners() {
        return listeners;
      }
    };
  }
}
