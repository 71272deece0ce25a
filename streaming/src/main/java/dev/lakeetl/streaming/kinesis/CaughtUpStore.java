package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the driver last saw each shard with nothing after its position (GetRecords answered no
 * record and MillisBehindLatest 0), kept in the checkpoint folder as {@code
 * kinesis-caught-up.json}. Every record after that position arrived later, so it stays in the
 * stream at least {@link ShardState#MIN_RETENTION} after that time: after a restart, a shard that
 * was idle needs no check of its last record until then, and a last record that expired while the
 * shard was idle and the query ran is not taken for a loss.
 *
 * <p>Advisory: a shard's time is rewritten at most every {@link #REFRESH}, the file at most once
 * per poll, and a missing or unreadable file only means the driver checks the shard's last record
 * (see {@link ShardProbe}).
 */
final class CaughtUpStore {
  static final String FILE_NAME = "kinesis-caught-up.json";
  private static final int FORMAT_VERSION = 1;

  /** How often a shard's time is rewritten while it stays caught up at the same position. */
  static final Duration REFRESH = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(CaughtUpStore.class);

  /** The shard had nothing after {@code position} at {@code at}. */
  record Seen(ShardPosition position, Instant at) {}

  private final Path file;
  private final Configuration hadoopConf;
  private Map<String, Seen> seen;
  private boolean changed;

  CaughtUpStore(String checkpointLocation, Configuration hadoopConf) {
    this.file =
        new Path(
            Objects.requireNonNull(checkpointLocation, "checkpointLocation is null"), FILE_NAME);
    this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf is null");
  }

  /**
   * Until when the records after {@code position} stay, from when the shard was last seen caught up
   * there; null when it was not.
   */
  Instant keptUntil(String shardId, ShardPosition position) {
    Seen last = load().get(shardId);
    return last != null && last.position().equals(position)
        ? last.at().plus(ShardState.MIN_RETENTION)
        : null;
  }

  /**
   * The shard had nothing after {@code position} at {@code at}; kept if it is news enough, and
   * written by the next {@link #flush}.
   */
  void caughtUp(String shardId, ShardPosition position, Instant at) {
    Seen last = load().get(shardId);
    if (last != null && last.position().equals(position) && at.isBefore(last.at().plus(REFRESH))) {
      return;
    }
    seen.put(shardId, new Seen(position, at));
    changed = true;
  }

  /** Writes what changed since the last flush (one file write per poll at most). */
  void flush() {
    if (changed) {
      changed = false;
      write();
    }
  }

  private Map<String, Seen> load() {
    if (seen != null) {
      return seen;
    }
    seen = new TreeMap<>();
    String json;
    try (InputStream in = file.getFileSystem(hadoopConf).open(file)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return seen; // No shard was seen caught up yet.
    } catch (IOException e) {
      LOG.warn(
          "Ignoring {}: cannot read it ({}); idle shards are checked instead", file, e.toString());
      return seen;
    }
    try {
      StateJson document = StateJson.parse(json, "caught-up Kinesis shards in", file.toString());
      document.version("version", FORMAT_VERSION);
      seen.putAll(
          document.fields(
              document.root(),
              "shards",
              shard ->
                  new Seen(
                      ShardPosition.read(document, shard, "position"),
                      document.instant(shard, "at"))));
    } catch (IllegalArgumentException e) {
      // Advisory: without it the driver checks idle shards' last records instead.
      LOG.warn("{}; ignoring it: idle shards are checked instead", e.getMessage());
    }
    return seen;
  }

  private void write() {
    ObjectNode root = StateJson.newDocument("version", FORMAT_VERSION);
    ObjectNode shards = root.putObject("shards");
    seen.forEach(
        (shardId, last) -> {
          ObjectNode node = shards.putObject(shardId);
          node.put("position", last.position().format());
          node.put("at", last.at().toString());
        });
    try {
      AtomicFiles.replace(
          file.getFileSystem(hadoopConf),
          file,
          StateJson.write(root, Layout.COMPACT).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("Cannot record in {} when shards were caught up: {}", file, e.toString());
    }
  }
}
