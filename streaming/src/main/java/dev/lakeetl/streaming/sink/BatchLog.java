package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.AtomicFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one-pass sink's own log, one folder (under the checkpoint): per batch id a manifest written
 * once the batch's files are staged ({@code <id>.manifest}: counts and the moves still to do) and a
 * commit marker written once every file is in place ({@code <id>.commit}: counts and the running
 * totals, window rows included). Files are replaced whole ({@link AtomicFiles#replace}), so a crash
 * never leaves a partial one. Commit markers older than {@value #RETAINED} batches are deleted.
 */
public final class BatchLog {
  static final int RETAINED = 100;

  private static final String MANIFEST = ".manifest";
  private static final String COMMIT = ".commit";

  private final Path folder;
  private final FileSystem fs;

  public BatchLog(String folder, Configuration hadoopConf) {
    requireNonNull(folder, "folder is null");
    requireNonNull(hadoopConf, "hadoopConf is null");
    this.folder = new Path(folder);
    try {
      this.fs = this.folder.getFileSystem(hadoopConf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the batch log " + folder, e);
    }
  }

  /**
   * A committed batch's counts, the totals up to and including it, and the windows' watermark after
   * it (empty without windows).
   */
  public record Commit(
      long batchId, BatchCounts batch, BatchCounts totals, Optional<Instant> watermark) {
    public Commit {
      requireNonNull(batch, "batch is null");
      requireNonNull(totals, "totals is null");
      requireNonNull(watermark, "watermark is null");
    }

    /** A commit without windows. */
    public Commit(long batchId, BatchCounts batch, BatchCounts totals) {
      this(batchId, batch, totals, Optional.empty());
    }
  }

  /** The commit marker of {@code batchId}, when that batch was committed. */
  public Optional<Commit> committed(long batchId) {
    Path file = file(batchId, COMMIT);
    try {
      return read(file).map(lines -> parseCommit(batchId, lines));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw damaged(file, e);
    }
  }

  /** The latest commit, to continue the totals after a restart. */
  public Optional<Commit> latest() {
    return commitIds().stream().reduce(Math::max).flatMap(this::committed);
  }

  /** The latest commit of a batch before {@code batchId}, whose windows state it continues. */
  public Optional<Commit> latestBefore(long batchId) {
    return commitIds().stream()
        .filter(id -> id < batchId)
        .reduce(Math::max)
        .flatMap(this::committed);
  }

  /** The manifest of {@code batchId}, when its files were staged but not all moved. */
  public Optional<BatchManifest> manifest(long batchId) {
    Path file = file(batchId, MANIFEST);
    try {
      return read(file).map(BatchManifest::parse);
    } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
      throw damaged(file, e);
    }
  }

  /** Names the file: a damaged log file must not fail as a bare NumberFormatException. */
  private static IllegalStateException damaged(Path file, RuntimeException e) {
    return new IllegalStateException(
        "The batch log file "
            + file
            + " is damaged ("
            + e.getMessage()
            + "); restore it from a copy of the checkpoint, or reset the query checkpoint that"
            + " holds it (see docs/streaming.md, \"Triggers, checkpoints, stopping\")",
        e);
  }

  /** Records that {@code batchId} is staged: from now on a restart finishes its moves. */
  public void writeManifest(long batchId, BatchManifest manifest) {
    write(file(batchId, MANIFEST), manifest.format());
  }

  /** Marks {@code batchId} done, drops its manifest and old commit markers. */
  public void commit(Commit commit) {
    long id = commit.batchId();
    List<String> lines = new ArrayList<>(commit.batch().lines(""));
    lines.addAll(commit.totals().lines("total."));
    commit.watermark().ifPresent(instant -> lines.add("watermark=" + instant));
    write(file(id, COMMIT), lines);
    try {
      fs.delete(file(id, MANIFEST), false);
      for (long old : commitIds()) {
        if (old <= id - RETAINED) {
          fs.delete(file(old, COMMIT), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up the batch log " + folder, e);
    }
  }

  private List<Long> commitIds() {
    List<Long> ids = new ArrayList<>();
    try {
      if (!fs.exists(folder)) {
        return ids;
      }
      for (FileStatus status : fs.listStatus(folder)) {
        String name = status.getPath().getName();
        if (name.endsWith(COMMIT)) {
          ids.add(Long.parseLong(name.substring(0, name.length() - COMMIT.length())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the batch log " + folder, e);
    }
    return ids;
  }

  private static Commit parseCommit(long batchId, List<String> lines) {
    Fields fields = Fields.parse(lines);
    return new Commit(
        batchId,
        BatchCounts.from(fields.counts(), ""),
        BatchCounts.from(fields.counts(), "total."),
        fields.watermark());
  }

  /** The {@code name=value} lines of a log file: the counts, and the watermark if there is one. */
  record Fields(Map<String, Long> counts, Optional<Instant> watermark) {
    static Fields parse(List<String> lines) {
      Map<String, Long> counts = new HashMap<>();
      Optional<Instant> watermark = Optional.empty();
      for (String line : lines) {
        int equals = line.indexOf('=');
        if (line.startsWith("watermark=")) {
          watermark = Optional.of(Instant.parse(line.substring(equals + 1)));
        } else if (equals > 0) {
          counts.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
        }
      }
      return new Fields(counts, watermark);
    }
  }

  private Path file(long batchId, String suffix) {
    return new Path(folder, batchId + suffix);
  }

  private Optional<List<String>> read(Path file) {
    try (InputStream in = fs.open(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(List.of(text.split("\n")));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private void write(Path file, List<String> lines) {
    try {
      AtomicFiles.replace(
          fs, file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
