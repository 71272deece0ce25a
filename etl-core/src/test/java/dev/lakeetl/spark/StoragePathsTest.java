package dev.lakeetl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class StoragePathsTest {
  @Test
  void s3BecomesS3aWhenNoFileSystemServesIt() {
    Configuration conf = new Configuration();

    assertThat(StoragePaths.resolve("s3://bucket/raw/x", conf)).isEqualTo("s3a://bucket/raw/x");
    assertThat(StoragePaths.resolve("S3://bucket/raw", conf)).isEqualTo("s3a://bucket/raw");
    assertThat(StoragePaths.resolve("s3n://bucket/raw", conf)).isEqualTo("s3a://bucket/raw");
  }

  @Test
  void s3StaysWhenTheRuntimeRegistersAFileSystem() {
    Configuration conf = new Configuration();
    // What Glue and EMR do (EMRFS); any registered class counts.
    conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");

    assertThat(StoragePaths.resolve("s3://bucket/raw", conf)).isEqualTo("s3://bucket/raw");
  }

  @Test
  void trailingSlashesAreRemovedDownToTheRootOrTheScheme() {
    assertThat(StoragePaths.withoutTrailingSlash("s3://bucket/refined//"))
        .isEqualTo("s3://bucket/refined");
    assertThat(StoragePaths.withoutTrailingSlash("s3://bucket/")).isEqualTo("s3://bucket");
    assertThat(StoragePaths.withoutTrailingSlash("out/refined")).isEqualTo("out/refined");
    assertThat(StoragePaths.withoutTrailingSlash("/")).isEqualTo("/");
    assertThat(StoragePaths.withoutTrailingSlash("file:///")).isEqualTo("file://");
    assertThat(StoragePaths.withoutTrailingSlash("")).isEmpty();
  }

  @Test
  void aChildIsJoinedWithOneSlash() {
    assertThat(StoragePaths.child("s3://bucket/refined//", "_reports/run-1.json"))
        .isEqualTo("s3://bucket/refined/_reports/run-1.json");
    assertThat(StoragePaths.child("out/refined", "_staging")).isEqualTo("out/refined/_staging");
  }

  @Test
  void otherPathsAreUntouched() {
    Configuration conf = new Configuration();

    assertThat(StoragePaths.resolve("s3a://bucket/raw", conf)).isEqualTo("s3a://bucket/raw");
    assertThat(StoragePaths.resolve("/data/raw", conf)).isEqualTo("/data/raw");
    assertThat(StoragePaths.resolve("file:///tmp/data", conf)).isEqualTo("file:///tmp/data");
    assertThat(StoragePaths.resolve("hdfs://nn/data", conf)).isEqualTo("hdfs://nn/data");
  }
}
