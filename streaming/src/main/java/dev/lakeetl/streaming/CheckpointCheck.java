package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the query checkpoint's files that a restart depends on before the query starts, so a
 * damaged one is reported naming the file and what to do, instead of as a bare parse error from
 * inside Spark ("Unexpected character ...") that names neither.
 *
 * <p>Checked: {@code metadata} (JSON), the latest {@code offsets/<id>} and {@code commits/<id>} (a
 * {@code v<n>} line, then JSON or {@code -} per line), and each file's checksum where the file
 * system keeps one.
 */
final class CheckpointCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointCheck() {}

  /**
   * @param queryCheckpoint the query's checkpoint folder; nothing is checked when it is absent
   * @throws IllegalStateException naming the damaged file and how to recover
   */
  static void verify(String queryCheckpoint, Configuration hadoopConf) {
    requireNonNull(queryCheckpoint, "queryCheckpoint is null");
    Path root = new Path(queryCheckpoint);
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      if (!fs.exists(root)) {
        return;
      }
      Path metadata = new Path(root, "metadata");
      if (fs.exists(metadata)) {
        String text = read(fs, root, metadata);
        try {
          JSON.readTree(text);
        } catch (JsonProcessingException e) {
          throw damaged(root, metadata, "not JSON: " + e.getOriginalMessage());
        }
      }
      for (String log : List.of("offsets", "commits")) {
        Optional<Path> latest = latest(fs, new Path(root, log));
        if (latest.isPresent()) {
          checkLogFile(root, latest.get(), read(fs, root, latest.get()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the checkpoint " + root, e);
    }
  }

  private static void checkLogFile(Path root, Path file, String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 2 || !lines[0].matches("v\\d+")) {
      throw damaged(root, file, "it does not start with a version line and an entry");
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1 || line.equals("-")) {
        continue;
      }
      try {
        JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw damaged(root, file, "line " + (i + 1) + " is not JSON: " + e.getOriginalMessage());
      }
    }
  }

  private static Optional<Path> latest(FileSystem fs, Path folder) throws IOException {
    if (!fs.exists(folder)) {
      return Optional.empty();
    }
    Path latest = null;
    long latestId = -1;
    for (FileStatus status : fs.listStatus(folder)) {
      String name = status.getPath().getName();
      if (name.matches("\\d+") && Long.parseLong(name) > latestId) {
        latestId = Long.parseLong(name);
        latest = status.getPath();
      }
    }
    return Optional.ofNullable(latest);
  }

  private static String read(FileSystem fs, Path root, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (ChecksumException e) {
      throw damaged(root, file, "its checksum does not match");
    }
  }

  private static IllegalStateException damaged(Path root, Path file, String detail) {
    return new IllegalStateException(
        "The checkpoint file "
            + file
            + " is damaged ("
            + detail
            + "). Restore the checkpoint "
            + root
            + " from a copy, or reset it: delete the whole folder and start again, which reads"
            + " from the configured starting position (see docs/streaming.md, \"Triggers,"
            + " checkpoints, stopping\")");
  }
}
