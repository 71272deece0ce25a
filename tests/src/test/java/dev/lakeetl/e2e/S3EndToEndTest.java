package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.GetObjectRequest;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakeetl.testing.S3Proxy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw-to-refined jar reading from and writing to a real S3 API (s3proxy) through S3A, started
 * with bin/etl-submit and configured only by arguments, as a scheduler would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndToEndTest {
  private static final String ACCESS_KEY = "lakeetl-e2e";

  /** Distinctive, so finding it in the process log cannot be a coincidence. */
  private static final String SECRET_KEY = "e2eSecret-7Q2xVb9LmZ4kWf";

  private static final Pattern DAY_PARTITION =
      Pattern.compile("^flights/(year=\\d+/month=\\d+/day=\\d+)/[^/]+\\.parquet$");

  @TempDir static Path work;

  private S3Proxy proxy;
  private AmazonS3 s3;
  private SampleFlights expected;
  private EtlSubmit.Result run;

  @BeforeAll
  void runAgainstS3() throws IOException {
    Repository.requireRawToRefinedJar();
    expected = SampleFlights.of(Repository.sampleFlights());
    proxy =
        S3Proxy.start(work, ACCESS_KEY, SECRET_KEY, Repository.logFolder().resolve("s3proxy.log"));
    s3 = S3Clients.of(proxy);
    s3.createBucket("raw");
    s3.createBucket("refined");
    // The sample's day folders as keys: flights/2001/01/01/flights.json, ...
    Path sample = Repository.sampleFlights();
    for (Path file : SampleFlights.files(sample)) {
      s3.putObject("raw", "flights/" + SampleFlights.relative(sample, file), file.toFile());
    }

    run =
        EtlSubmit.run(
            "raw-to-refined-s3",
            Map.of(),
            EtlSubmit.localRawToRefined(
                // s3:// as users write it on Glue and EMR: the job maps it to s3a:// locally.
                "--source.path",
                "s3://raw/flights/{yyyy}/{MM}/{dd}",
                "--target.path",
                "s3a://refined/flights",
                "--quarantine.path",
                "s3a://refined/quarantine/flights",
                "--s3.endpoint",
                proxy.endpoint(),
                "--s3.path-style-access",
                "true",
                "--s3.access-key",
                ACCESS_KEY,
                "--s3.secret-key",
                SECRET_KEY,
                // Registration has its own end-to-end test (CatalogEndToEndTest).
                "--catalog.enabled",
                "false"));
    assertThat(run.exitCode()).as(run.describe()).isZero();
  }

  @AfterAll
  void stopS3Proxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void writesEveryDayPartitionToTheBucket() throws IOException {
    List<String> keys = keys("refined", "flights/");
    TreeSet<String> partitions = new TreeSet<>();
    String parquetKey = null;
    for (String key : keys) {
      Matcher partition = DAY_PARTITION.matcher(key);
      if (partition.matches()) {
        partitions.add(partition.group(1));
        parquetKey = key;
      }
    }
    assertThat(partitions).containsExactlyElementsOf(expected.rowsPerPartition().keySet());

    Path local = work.resolve("one.parquet");
    s3.getObject(new GetObjectRequest("refined", parquetKey), local.toFile());
    ParquetMetadata footer = RawToRefinedEndToEndTest.footer(local);
    assertThat(
            footer
                .getFileMetaData()
                .getSchema()
                .getType("departure_time")
                .getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
  }

  @Test
  void writesTheRunReportToTheBucket() {
    List<String> reports =
        keys("refined", "flights/_reports/").stream().filter(key -> key.endsWith(".json")).toList();
    assertThat(reports).hasSize(1);
    JsonNode report =
        RunReports.parse(
            s3.getObjectAsString("refined", reports.get(0)), "s3a://refined/" + reports.get(0));
    assertThat(RunReports.count(report, "read")).isEqualTo(expected.read());
    assertThat(RunReports.count(report, "written")).isEqualTo(expected.written());
    assertThat(RunReports.count(report, "quarantined")).isEqualTo(expected.quarantined());
    assertThat(RunReports.count(report, "duplicatesRemoved")).isEqualTo(expected.duplicates());
    assertThat(RunReports.inputFiles(report))
        .allSatisfy(file -> assertThat(file).startsWith("s3a://raw/flights/"))
        .extracting(SampleFlights::belowRawFlights)
        .containsExactlyInAnyOrderElementsOf(expected.linesPerFile().keySet())
        .contains("2001/03/31/flights-malformed.json");
  }

  @Test
  void writesTheQuarantineToTheBucket() {
    List<String> quarantine =
        keys("refined", "quarantine/flights/").stream()
            .filter(key -> !key.endsWith("/") && !key.contains("/_") && !key.contains("/."))
            .toList();
    assertThat(quarantine).isNotEmpty();
  }

  @Test
  void neverPrintsTheSecretKey() {
    assertThat(run.log()).doesNotContain(SECRET_KEY);
    assertThat(run.log()).contains("s3a://refined/flights");
  }

  private List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request =
        new ListObjectsV2Request().withBucketName(bucket).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = s3.listObjectsV2(request);
      for (S3ObjectSummary object : page.getObjectSummaries()) {
        keys.add(object.getKey());
      }
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return List.copyOf(keys);
  }
}
