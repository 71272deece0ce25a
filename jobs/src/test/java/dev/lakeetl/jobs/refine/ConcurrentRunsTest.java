package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.incremental.BookmarkStore;
import dev.lakeetl.report.RunReport;
import dev.lakeetl.report.RunStatus;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.FaultyLocalFiles;
import dev.lakeetl.testing.SharedSpark;
import dev.lakeetl.testing.TableRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one job at once, on bookmarks: the second cannot start while the first holds the
 * table's lease, and a run whose bookmark moved on while it ran publishes nothing. Rows are never
 * lost.
 *
 * <p>"While it runs" is made exact with {@link FaultyFileSystem#beforeRename}: the other run (or
 * the bookmark reset) happens when Spark commits the first run's staged write, after that run
 * selected its input and before it publishes.
 */
class ConcurrentRunsTest {
  @TempDir Path directory;

  @RegisterExtension final FaultyLocalFiles files = new FaultyLocalFiles();

  @BeforeAll
  static void startSpark() {
    SharedSpark.session();
  }

  /**
   * Run A lists day 1 = {a, b}; file c arrives and run B starts while A writes. B must not publish
   * day 1 and commit the bookmark under A: A would then replace day 1 without c, and A's rerun
   * would find nothing new. With the lease B waits for A, then reads day 1 with c.
   */
  @Test
  void aSecondRunWaitsForTheFirstAndNoRowIsLost() throws Exception {
    raw("a.json", "06:00");
    raw("b.json", "07:00");
    AtomicReference<CompletableFuture<RunReport>> second = new AtomicReference<>();
    whileWriting(
        () -> {
          try {
            raw("c.json", "08:00");
            second.set(inAnotherThread("b"));
            // Long enough for B to find A's lease and wait for it.
            Thread.sleep(3000);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    RunReport first = run("a", faulty());
    FaultyFileSystem.reset();
    RunReport waited = second.get().get(2, TimeUnit.MINUTES);

    assertThat(departures()).containsExactly("06:00", "07:00", "08:00");
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(first.inputs().fileCount()).isEqualTo(2);
    assertThat(waited.status()).isEqualTo(RunStatus.SUCCEEDED);
    // B selected after A's commit: day 1 again, with c.
    assertThat(waited.inputs().fileCount()).isEqualTo(3);
    assertThat(directory.resolve("refined/flights/_lease.json")).doesNotExist();
  }

  @Test
  void aRunWhoseBookmarkWasResetMeanwhilePublishesNothing() throws IOException {
    raw("a.json", "06:00");
    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    raw("b.json", "07:00");
    String bookmark =
        directory.resolve("refined/flights/_bookmarks/flights-raw-to-refined").toString();
    // bin/etl-bookmarks reset, while r2 writes.
    whileWriting(
        () ->
            BookmarkStore.open(bookmark, new Configuration())
                .commit(1, "flights-raw-to-refined", "tool", "reset", List.of(), Instant.now()));

    RunReport report = run("r2", faulty());

    assertThat(departures()).containsExactly("06:00");
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains("was at version 1 when this run selected its input, but version 2")
                    .contains("nothing was published"));
  }

  @Test
  void aRunFailsAfterItsWaitWhileAnotherLiveRunHoldsTheLease() throws IOException {
    raw("a.json", "06:00");
    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);
    raw("b.json", "07:00");
    Path lease = directory.resolve("refined/flights/_lease.json");
    String held =
        "{\"owner\":\"other/1\",\"job\":\"flights-raw-to-refined\",\"runId\":\"other\","
            + "\"acquired\":\"2026-01-01T00:00:00Z\",\"expires\":\"2999-01-01T00:00:00Z\"}\n";
    Files.writeString(lease, held);

    RunReport report = run("r2", "--lease.wait", "1s");

    assertThat(departures()).containsExactly("06:00");
    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error())
        .hasValueSatisfying(
            error ->
                assertThat(error)
                    .contains("Cannot start: run other of flights-raw-to-refined holds the lease")
                    .contains("after waiting 1s (lease.wait)")
                    .contains("expires at 2999-01-01T00:00:00Z"));
    assertThat(Files.readString(lease)).isEqualTo(held);
  }

  @Test
  void theLeaseOfARunThatDiedIsTakenOver() throws IOException {
    raw("a.json", "06:00");
    Path lease = directory.resolve("refined/flights/_lease.json");
    Files.createDirectories(lease.getParent());
    Files.writeString(
        lease,
        "{\"owner\":\"dead/1\",\"job\":\"flights-raw-to-refined\",\"runId\":\"dead\","
            + "\"acquired\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-01-01T00:10:00Z\"}\n");

    assertThat(run("r1").status()).isEqualTo(RunStatus.SUCCEEDED);

    assertThat(departures()).containsExactly("06:00");
    assertThat(lease).doesNotExist();
  }

  /**
   * Runs {@code what} when Spark commits the next faulty run's write: its first rename of a staged
   * partition into the run's staging folder, on the driver.
   */
  private void whileWriting(Runnable what) {
    files.remember();
    FaultyFileSystem.countOnly(
        path ->
            path.toString().contains("/refined/flights/")
                && !path.toString().contains("/_temporary"));
    FaultyFileSystem.beforeRename(1, what);
  }

  /** Arguments that put {@link FaultyFileSystem} in front of the local file system. */
  private String[] faulty() {
    return files.jobArguments();
  }

  /** Starts the job in another thread, as another process would. */
  private CompletableFuture<RunReport> inAnotherThread(String runId) {
    CompletableFuture<RunReport> report = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                // Not nested in the writing run's Spark execution.
                SharedSpark.session()
                    .sparkContext()
                    .setLocalProperty("spark.sql.execution.id", null);
                report.complete(run(runId));
              } catch (IOException | RuntimeException e) {
                report.completeExceptionally(e);
              }
            });
    thread.start();
    return report;
  }

  private void raw(String name, String time) throws IOException {
    Path file = directory.resolve("raw/flights/2001/01/01").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"date\":\"2001/01/01 " + time + "\",\"origin\":\"LAX\"}\n",
        StandardCharsets.UTF_8);
  }

  /** What Spark reading the table by path sees: the departure times. */
  private List<String> departures() {
    return TableRows.sorted(
        directory.resolve("refined/flights"), "date_format(departure_time, 'HH:mm')");
  }

  private RunReport run(String runId, String... extra) throws IOException {
    List<String> lines =
        new ArrayList<>(RefineRun.datedJsonSource(directory, "date TIMESTAMP, origin STRING"));
    lines.addAll(
        RefineRun.dailyTable(
            directory.resolve("refined/flights"), directory.resolve("quarantine/flights")));
    lines.add("incremental.mode: bookmark");
    return RefineRun.run(RefineRun.writeConfig(directory, lines), runId, extra);
  }
}
