package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where tasks record the ends of their reads, in the source's checkpoint folder: {@code
 * kinesis-reads/<read>/<shard id>.json}, one small file per shard a batch read, and {@code
 * lost-<shard id>-<id>.json} for records a later run of the batch found expired and skipped.
 *
 * <p>A task records its end once it has read its range to the end, before it reports success, so a
 * batch whose output any sink committed has every end recorded. A record is never replaced: a
 * second task of the same read (a re-run, a retry, a speculative copy) reads up to the recorded
 * end, and one that raced the first and stopped elsewhere fails (Spark retries it; the retry reads
 * up to the recorded end).
 */
final class ReadEndStore {
  static final String FOLDER = "kinesis-reads";
  private static final String SUFFIX = ".json";
  private static final String LOST_PREFIX = "lost-";

  /** What the tasks of one read recorded: their ends, and losses found by later runs. */
  record Recorded(Map<String, ReadEnd> ends, List<DataLoss> lost) {}

  private final Path root;
  private final Configuration hadoopConf;

  ReadEndStore(String checkpointLocation, Configuration hadoopConf) {
    this.root =
        new Path(Objects.requireNonNull(checkpointLocation, "checkpointLocation is null"), FOLDER);
    this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /** The recorded end of the read of one shard. */
  Optional<ReadEnd> find(long read, String shardId) {
    Path file = file(read, shardId);
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      try (InputStream in = fs.open(file)) {
        return Optional.of(
            ReadEnd.fromJson(
                new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString()));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the end of a Kinesis read from " + file, e);
    }
  }

  /** Every recorded end of one read, by shard id, and the losses later runs recorded. */
  Recorded all(long read) {
    Path folder = new Path(root, Long.toString(read));
    Map<String, ReadEnd> ends = new TreeMap<>();
    List<DataLoss> lost = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(hadoopConf);
      for (FileStatus status : listIfExists(fs, folder)) {
        String name = status.getPath().getName();
        if (!status.isFile() || !name.endsWith(SUFFIX) || name.startsWith(".")) {
          continue;
        }
        String json;
        try (InputStream in = fs.open(status.getPath())) {
          json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (name.startsWith(LOST_PREFIX)) {
          StateJson document =
              StateJson.parse(json, "lost Kinesis records in", status.getPath().toString());
          lost.addAll(ReadEnd.losses(document, document.root()));
        } else {
          ReadEnd end = ReadEnd.fromJson(json, status.getPath().toString());
          ends.put(end.shardId(), end);
        }
      }
      return new Recorded(ends, lost);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list the ends of Kinesis read " + read + " in " + folder, e);
    }
  }

  /**
   * Records the end unless one is recorded already; returns the end that is recorded. A reader
   * never sees half a record.
   */
  ReadEnd record(long read, ReadEnd end) {
    Path file = file(read, end.shardId());
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      if (AtomicFiles.createExclusively(fs, file, end.toJson().getBytes(StandardCharsets.UTF_8))
          && !AtomicFiles.objectStore(fs)) {
        return end;
      }
      // Another attempt recorded its end first and that one stays; on object stores, where
      // creation is not exclusive, reading back catches most races (the last upload wins).
      return find(read, end.shardId())
          .orElseThrow(() -> new IOException(file + " is gone right after it was written"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the end of a Kinesis read in " + file, e);
    }
  }

  /**
   * Records losses a later run of a read found (its end is recorded already), for the driver to
   * report. One file per run, so runs never overwrite each other.
   */
  void recordLost(long read, String shardId, List<DataLoss> losses) {
    Path file =
        new Path(
            new Path(root, Long.toString(read)),
            LOST_PREFIX + shardId + "-" + UUID.randomUUID() + SUFFIX);
    ObjectNode node = StateJson.newDocument();
    ArrayNode array = node.putArray("lost");
    losses.forEach(loss -> loss.writeTo(array.addObject()));
    byte[] json = StateJson.write(node, Layout.COMPACT).getBytes(StandardCharsets.UTF_8);
    try {
      if (!AtomicFiles.createExclusively(file.getFileSystem(hadoopConf), file, json)) {
        throw new IOException(file + " exists already");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record lost Kinesis records in " + file, e);
    }
  }

  /** Deletes the records of reads before {@code read}. */
  void purgeBefore(long read) {
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      for (FileStatus folder : listIfExists(fs, root)) {
        Long number = readNumber(folder.getPath().getName());
        if (folder.isDirectory() && number != null && number < read) {
          fs.delete(folder.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete old ends of Kinesis reads in " + root, e);
    }
  }

  /** The folder's entries; none when it does not exist (no read has recorded anything yet). */
  private static FileStatus[] listIfExists(FileSystem fs, Path folder) throws IOException {
    try {
      return fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  private Path file(long read, String shardId) {
    return new Path(new Path(root, Long.toString(read)), shardId + SUFFIX);
  }

  private static Long readNumber(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
