package dev.lakeetl.streaming.kinesis;

import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.state.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps a query's first offset in its checkpoint folder. Spark asks for the initial offset again
 * when it re-runs the first batch after a crash; LATEST and AT_TIMESTAMP must then mean the same
 * records as the first time, so the offset is decided once and read back afterwards.
 */
final class InitialOffsetStore {
  static final String FILE_NAME = "kinesis-initial-offset.json";

  private final Path file;
  private final Configuration hadoopConf;

  InitialOffsetStore(String checkpointLocation, Configuration hadoopConf) {
    Objects.requireNonNull(checkpointLocation, "checkpointLocation is null");
    this.file = new Path(checkpointLocation, FILE_NAME);
    this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** The stored offset, or the computed one after storing it. */
  KinesisOffset getOrCreate(Supplier<KinesisOffset> compute) {
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      if (!fs.exists(file)) {
        // Created once and never replaced: a crash never leaves half a file for a restart to read.
        AtomicFiles.createExclusively(
            fs, file, compute.get().json().getBytes(StandardCharsets.UTF_8));
      }
      // Read back even after creating it: another driver may have created it first (on object
      // stores, where creation is not exclusive, the last upload wins), and its offset stands.
      String json;
      try (InputStream in = fs.open(file)) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return KinesisOffset.readFrom(
          StateJson.parse(json, "the Kinesis initial offset", file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the Kinesis initial offset in " + file, e);
    }
  }
}
