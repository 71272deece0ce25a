package dev.lakeetl.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.io.compress.UnreadableSourceFileException;
import java.io.EOFException;
import java.io.IOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class ReadFailuresTest {
  @Test
  void findsOurExceptionAnywhereInTheChain() {
    Exception failure =
        new SparkException(
            "Job aborted due to stage failure",
            new UnreadableSourceFileException(
                UnreadableSourceFileException.decode("s3a://b/raw/a%20b/x.json.gz"),
                new EOFException("Unexpected end of input stream")));

    assertThat(ReadFailures.explain(failure))
        .contains(
            "Cannot read source file 's3a://b/raw/a b/x.json.gz': Unexpected end of input stream");
  }

  @Test
  void recognisesSparkReadAndFooterFailuresByTheirText() {
    Exception read =
        new SparkException(
            "Encountered error while reading file s3a://b/raw/x.parquet. Details:",
            new IOException("can not read class org.apache.parquet.format.PageHeader"));
    Exception footer =
        new SparkException(
            "[CANNOT_READ_FILE_FOOTER] Could not read footer for file: file:/d/x.parquet");

    assertThat(ReadFailures.explain(read))
        .contains(
            "Cannot read source file 's3a://b/raw/x.parquet': IOException: can not read class"
                + " org.apache.parquet.format.PageHeader");
    assertThat(ReadFailures.explain(footer))
        .hasValueSatisfying(
            message ->
                assertThat(message).startsWith("Cannot read source file 'file:/d/x.parquet'"));
  }

  @Test
  void otherFailuresAreNotReadFailures() {
    assertThat(ReadFailures.explain(new IllegalStateException("boom", new IOException("disk"))))
        .isEmpty();
  }
}
