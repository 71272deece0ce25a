package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.quality.publish.StagedPublisher;
import dev.lakeetl.testing.FaultyFileSystem;
import dev.lakeetl.testing.S3Proxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The publish step of write-audit-publish on a real S3 API (s3proxy) through S3A, with renames and
 * deletes failing the way they fail on S3: a folder rename that stops after some objects, a copy
 * whose sources were never deleted, an endpoint gone in the middle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishOnS3Test {
  private static final String ACCESS_KEY = "lakeetl-publish";
  private static final String SECRET_KEY = "publishSecret-8Rk2Wd";
  private static final String BUCKET = "lake";
  private static final List<String> DAYS = List.of("day=01", "day=02", "day=03");
  private static final Map<String, String> DAY_01 =
      Map.of("part-a1.parquet", "row a1\n", "part-a2.parquet", "row a2\nrow a3\n");
  private static final Map<String, String> DAY_02 =
      Map.of("part-b1.parquet", "row b1\n", "part-b2.parquet", "row b2\nrow b3\n");
  private static final AtomicInteger TABLES = new AtomicInteger();

  @TempDir static Path work;

  private S3Proxy proxy;
  private AmazonS3 s3;
  private Configuration conf;

  @BeforeAll
  void startS3() throws IOException {
    proxy =
        S3Proxy.start(work, ACCESS_KEY, SECRET_KEY, Repository.logFolder().resolve("s3proxy.log"));
    s3 = S3Clients.of(proxy);
    s3.createBucket(BUCKET);
    Configuration plain = new Configuration();
    proxy.s3aSettings().forEach(plain::set);
    // No retries of injected failures.
    plain.setInt("fs.s3a.attempts.maximum", 1);
    conf = FaultyFileSystem.install(plain, "s3a", S3AFileSystem.class);
  }

  @AfterAll
  void stopS3() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  @AfterEach
  void noFaults() {
    FaultyFileSystem.reset();
  }

  @Test
  void replacesExactlyTheStagedPartitions() {
    String table = threeDays();
    Map<String, String> untouched = objects(table + "/day=09/");

    publisher().publish(staging(table), "s3a://" + BUCKET + "/" + table, DAYS, overwrite());

    for (String day : DAYS) {
      assertThat(objects(table + "/" + day + "/")).isEqualTo(staged(day));
    }
    assertThat(objects(table + "/day=09/")).isEqualTo(untouched);
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  /**
   * Renames (the journal and the {@code _published} mark are plain uploads on S3): 1 day=01 aside,
   * 2 staged day=01 in, 3 day=02 aside, 4 staged day=02 in, 5 staged day=03 in. Whichever fails,
   * and however, the table ends as it was.
   */
  @ParameterizedTest(name = "rename {0} fails: {1}")
  @MethodSource("renames")
  void aFailedPublishPutsEveryPartitionBack(int nth, FaultyFileSystem.Failure failure) {
    String table = threeDays();
    Map<String, String> before = table(table);
    FaultyFileSystem.failRename(nth, failure);

    assertThatThrownBy(
            () ->
                publisher()
                    .publish(staging(table), "s3a://" + BUCKET + "/" + table, DAYS, overwrite()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("the table was put back as it was");
    // The job's failure path: discard the run's staging folder.
    publisher().discard(staging(table));

    assertThat(table(table)).isEqualTo(before);
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  /** Each rename once (the local tests run every rename with every failure). */
  static Stream<Arguments> renames() {
    return Stream.of(
        Arguments.of(1, FaultyFileSystem.Failure.HALFWAY),
        Arguments.of(2, FaultyFileSystem.Failure.HALFWAY),
        Arguments.of(3, FaultyFileSystem.Failure.COPIED_NOT_DELETED),
        Arguments.of(4, FaultyFileSystem.Failure.HALFWAY),
        Arguments.of(5, FaultyFileSystem.Failure.COPIED_NOT_DELETED));
  }

  @Test
  void anOutageDuringThePublishKeepsEveryPreviousRow() {
    String table = threeDays();
    // day=02 half moved aside, then the endpoint is gone: nothing can be put back.
    FaultyFileSystem.outageFromRename(3, FaultyFileSystem.Failure.HALFWAY);

    assertThatThrownBy(
            () ->
                publisher()
                    .publish(staging(table), "s3a://" + BUCKET + "/" + table, DAYS, overwrite()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could not put back partitions [day=02, day=01]")
        .hasMessageContaining(
            "kept in s3a://" + BUCKET + "/" + table + "/_staging/r1/_replaced (not deleted)");
    // The endpoint is back; the job's failure path and a later run's expiry of stale staging.
    FaultyFileSystem.reset();
    publisher().discard(staging(table));
    publisher()
        .discardStale(
            "s3a://" + BUCKET + "/" + table + "/_staging",
            "none",
            Instant.now().plus(Duration.ofDays(1)));

    // Every previous row still exists exactly once: in the table or kept aside.
    assertThat(objects(table + "/_staging/r1/_replaced/day=01/")).isEqualTo(DAY_01);
    Map<String, String> day02 = new TreeMap<>(objects(table + "/_staging/r1/_replaced/day=02/"));
    day02.putAll(objects(table + "/day=02/"));
    assertThat(day02).isEqualTo(DAY_02);
  }

  /**
   * Killed with day=02 half moved in (every call fails from there on, so the run undoes nothing):
   * the journal stays open, a day later the expiry of stale staging folders leaves it alone, and
   * the next run undoes it before anything else.
   */
  @Test
  void theNextRunUndoesAPublishKilledHalfway() {
    String table = threeDays();
    Map<String, String> before = table(table);
    FaultyFileSystem.outageFromRename(4, FaultyFileSystem.Failure.HALFWAY);
    assertThatThrownBy(
            () ->
                publisher()
                    .publish(staging(table), "s3a://" + BUCKET + "/" + table, DAYS, overwrite()))
        .isInstanceOf(UncheckedIOException.class);
    FaultyFileSystem.reset();
    assertThat(objects(table + "/_staging/r1/")).containsKey("_publish.json");
    String stagingRoot = "s3a://" + BUCKET + "/" + table + "/_staging";
    publisher().discardStale(stagingRoot, "none", Instant.now().plus(Duration.ofDays(1)));
    assertThat(objects(table + "/_staging/r1/")).containsKey("_publish.json");

    assertThat(publisher().recover(stagingRoot))
        .singleElement()
        .asString()
        .startsWith("Undid the publish of s3a://" + BUCKET + "/" + table + "/_staging/r1");

    assertThat(table(table)).isEqualTo(before);
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  /** Killed after every partition was in place, while deleting _replaced: the next run finishes. */
  @Test
  void theNextRunFinishesAPublishKilledWhileCleaningUp() {
    String table = threeDays();
    Map<String, String> after = table(table);
    after.keySet().removeIf(key -> key.startsWith("day=01/") || key.startsWith("day=02/"));
    for (String day : DAYS) {
      staged(day).forEach((name, rows) -> after.put(day + "/" + name, rows));
    }
    FaultyFileSystem.outageFromDelete(1);
    publisher().publish(staging(table), "s3a://" + BUCKET + "/" + table, DAYS, overwrite());
    FaultyFileSystem.reset();
    assertThat(objects(table + "/_staging/r1/")).containsKeys("_publish.json", "_published");

    assertThat(publisher().recover("s3a://" + BUCKET + "/" + table + "/_staging"))
        .singleElement()
        .asString()
        .startsWith("Finished the publish of");

    assertThat(table(table)).isEqualTo(after);
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  /**
   * An append of a batch the table holds already (its run failed after publishing) replaces the
   * earlier attempt's objects, and only those; the table's layout stays the same.
   */
  @Test
  void aRepublishedBatchReplacesItsEarlierObjectsOnly() {
    String table = appendedOnce();

    publisher()
        .publish(
            staging(table, "r2"),
            "s3a://" + BUCKET + "/" + table,
            List.of("day=01"),
            WriteMode.APPEND,
            BATCH);

    assertThat(batchNames(table(table)))
        .isEqualTo(
            Map.of(
                "day=01/part-a.parquet",
                "row a\n",
                "day=01/part-" + BATCH + "-*-00000.parquet",
                "row m1\n"));
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  /**
   * Renames of the republish (journal and mark are uploads): 1 and 2 the earlier attempt's objects
   * aside, 3 the new one in. Whichever fails, and however, the earlier attempt is back.
   */
  @ParameterizedTest(name = "rename {0} fails: {1}")
  @MethodSource("republishRenames")
  void aFailedRepublishPutsTheEarlierAttemptBack(int nth, FaultyFileSystem.Failure failure) {
    String table = appendedOnce();
    Map<String, String> before = table(table);
    // Renames are counted from here, not from the first attempt's.
    FaultyFileSystem.reset();
    FaultyFileSystem.failRename(nth, failure);

    assertThatThrownBy(
            () ->
                publisher()
                    .publish(
                        staging(table, "r2"),
                        "s3a://" + BUCKET + "/" + table,
                        List.of("day=01"),
                        WriteMode.APPEND,
                        BATCH))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("the table was put back as it was");
    publisher().discard(staging(table, "r2"));

    assertThat(table(table)).isEqualTo(before);
    assertThat(objects(table + "/_staging/")).isEmpty();
  }

  static Stream<Arguments> republishRenames() {
    return Stream.of(
        Arguments.of(1, FaultyFileSystem.Failure.COPIED_NOT_DELETED),
        Arguments.of(2, FaultyFileSystem.Failure.HALFWAY),
        Arguments.of(3, FaultyFileSystem.Failure.COPIED_NOT_DELETED));
  }

  private static final BatchId BATCH = BatchId.of("files", List.of("s3a://raw/a.json"));

  /**
   * A new table with day=01/part-a.parquet and two objects of {@link #BATCH}, and the batch staged
   * again in {@code _staging/r2} (one object); returns its key prefix.
   */
  private String appendedOnce() {
    String table = "refined/t" + TABLES.incrementAndGet();
    s3.putObject(BUCKET, table + "/day=01/part-a.parquet", "row a\n");
    s3.putObject(BUCKET, table + "/_staging/r1/day=01/part-00000-1a.parquet", "row n1\n");
    s3.putObject(BUCKET, table + "/_staging/r1/day=01/part-00001-1a.parquet", "row n2, n3\n");
    publisher()
        .publish(
            staging(table, "r1"),
            "s3a://" + BUCKET + "/" + table,
            List.of("day=01"),
            WriteMode.APPEND,
            BATCH);
    s3.putObject(BUCKET, table + "/_staging/r2/day=01/part-00000-2b.parquet", "row m1\n");
    return table;
  }

  /** The keys with the attempt in their batch names replaced by {@code *}. */
  private static Map<String, String> batchNames(Map<String, String> objects) {
    Map<String, String> named = new TreeMap<>();
    objects.forEach(
        (key, rows) ->
            named.put(key.replaceAll("(part-[0-9a-f]{16})-[0-9a-f]{8}-", "$1-*-"), rows));
    return named;
  }

  private static String staging(String table, String runId) {
    return "s3a://" + BUCKET + "/" + table + "/_staging/" + runId;
  }

  private StagedPublisher publisher() {
    return new StagedPublisher(conf);
  }

  private static String staging(String table) {
    return "s3a://" + BUCKET + "/" + table + "/_staging/r1";
  }

  private static WriteMode overwrite() {
    return WriteMode.OVERWRITE_PARTITIONS;
  }

  /**
   * A new table with day=01 and day=02 (two objects each) and day=09, and a staging folder with all
   * three days, two objects each; returns its key prefix.
   */
  private String threeDays() {
    String table = "refined/t" + TABLES.incrementAndGet();
    DAY_01.forEach((name, rows) -> s3.putObject(BUCKET, table + "/day=01/" + name, rows));
    DAY_02.forEach((name, rows) -> s3.putObject(BUCKET, table + "/day=02/" + name, rows));
    s3.putObject(BUCKET, table + "/day=09/part-z.parquet", "row z\n");
    s3.putObject(BUCKET, table + "/_reports/r0.json", "{}");
    for (String day : DAYS) {
      staged(day)
          .forEach(
              (name, rows) ->
                  s3.putObject(BUCKET, table + "/_staging/r1/" + day + "/" + name, rows));
    }
    return table;
  }

  private static Map<String, String> staged(String day) {
    return Map.of(
        "part-n1.parquet", "row n1 of " + day + "\n", "part-n2.parquet", "row n2 of " + day + "\n");
  }

  /** Every object of the table but its staging folder, by key below the table, with its rows. */
  private Map<String, String> table(String table) {
    Map<String, String> objects = objects(table + "/");
    objects.keySet().removeIf(key -> key.startsWith("_staging/"));
    return objects;
  }

  /** The objects under {@code prefix} (folder markers left out) by key below it, with content. */
  private Map<String, String> objects(String prefix) {
    Map<String, String> objects = new TreeMap<>();
    ListObjectsV2Request request =
        new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = s3.listObjectsV2(request);
      for (S3ObjectSummary object : page.getObjectSummaries()) {
        if (!object.getKey().endsWith("/")) {
          objects.put(
              object.getKey().substring(prefix.length()),
              s3.getObjectAsString(BUCKET, object.getKey()));
        }
      }
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return objects;
  }
}
