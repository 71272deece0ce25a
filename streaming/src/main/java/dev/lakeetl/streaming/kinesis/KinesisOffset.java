package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * Every shard of one stream, kept as JSON in Spark's offset log: versioned, shards sorted by id so
 * the same offset always gives the same text (Spark compares offsets by their JSON).
 *
 * <p>Version 2 (written by this build): a read number and, per shard, its position, for the shards
 * the batch reads where that read starts, and until when the records after the position are known
 * to stay in the stream. The batch's end in a shard it reads is where the read's task stopped,
 * recorded in the checkpoint under the read number (see {@link ReadEndStore}), so no record is
 * fetched ahead of the task.
 *
 * <pre>{@code
 * {"version":2,"stream":"flights","read":7,"shards":{
 *   "shardId-000000000000":{"position":"SHARD_END"},
 *   "shardId-000000000001":{"position":"AFTER_SEQUENCE_NUMBER/4959...",
 *                           "keptUntil":"2026-12-07T14:00:00.123Z",
 *                           "readFrom":"AT_SEQUENCE_NUMBER/4959..."}}}
 * }</pre>
 *
 * <p>Version 1 (read, never written): shard to position, where each position of an end offset is
 * the last record of the batch, found by reading ahead on the driver. A checkpoint of that format
 * re-runs its last batch to exactly those records and continues in version 2.
 */
final class KinesisOffset extends Offset {
  static final int VERSION = 2;

  /** The version whose end offsets name the batch's last record per shard. */
  static final int READ_AHEAD_VERSION = 1;

  private final int version;
  private final String stream;
  private final long read;
  private final SortedMap<String, ShardState> shards;

  /**
   * @param read the number of the read this offset plans (0 for an initial offset); the tasks
   *     record where they stopped under it
   */
  KinesisOffset(String stream, long read, Map<String, ShardState> shards) {
    this(VERSION, stream, read, shards);
  }

  private KinesisOffset(int version, String stream, long read, Map<String, ShardState> shards) {
    this.version = version;
    this.stream = Objects.requireNonNull(stream, "stream is null");
    if (read < 0) {
      throw new IllegalArgumentException("Cannot create a Kinesis offset: read " + read);
    }
    this.read = read;
    this.shards =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(shards, "shards is null")));
    if (version == READ_AHEAD_VERSION
        && this.shards.values().stream().anyMatch(ShardState::isRead)) {
      throw new IllegalArgumentException("Cannot create a version 1 offset with reads");
    }
  }

  /** An offset that reads nothing: every shard at its position. */
  static KinesisOffset of(String stream, long read, Map<String, ShardPosition> positions) {
    Map<String, ShardState> shards = new TreeMap<>();
    positions.forEach((shardId, position) -> shards.put(shardId, ShardState.at(position)));
    return new KinesisOffset(stream, read, shards);
  }

  String stream() {
    return stream;
  }

  long read() {
    return read;
  }

  int version() {
    return version;
  }

  /** Written by a build that read ahead on the driver: its positions are the batch's ends. */
  boolean isReadAhead() {
    return version == READ_AHEAD_VERSION;
  }

  /** Shard id to state, sorted by shard id. */
  SortedMap<String, ShardState> shards() {
    return shards;
  }

  /** Shard id to position, sorted by shard id. */
  SortedMap<String, ShardPosition> positions() {
    SortedMap<String, ShardPosition> positions = new TreeMap<>();
    shards.forEach((shardId, state) -> positions.put(shardId, state.position()));
    return Collections.unmodifiableSortedMap(positions);
  }

  /** The shards this batch reads, with where each read starts. */
  SortedMap<String, ShardPosition> reads() {
    SortedMap<String, ShardPosition> reads = new TreeMap<>();
    shards.forEach(
        (shardId, state) -> {
          if (state.isRead()) {
            reads.put(shardId, state.readFrom());
          }
        });
    return Collections.unmodifiableSortedMap(reads);
  }

  Optional<ShardPosition> position(String shardId) {
    return Optional.ofNullable(shards.get(shardId)).map(ShardState::position);
  }

  @Override
  public String json() {
    ObjectNode root = StateJson.newDocument("version", version);
    root.put("stream", stream);
    if (version == READ_AHEAD_VERSION) {
      ObjectNode positions = root.putObject("shards");
      shards.forEach((shardId, state) -> positions.put(shardId, state.position().format()));
    } else {
      root.put("read", read);
      ObjectNode states = root.putObject("shards");
      shards.forEach(
          (shardId, state) -> {
            ObjectNode node = states.putObject(shardId);
            node.put("position", state.position().format());
            if (state.keptUntil() != null) {
              node.put("keptUntil", state.keptUntil().toString());
            }
            if (state.isRead()) {
              node.put("readFrom", state.readFrom().format());
            }
          });
    }
    return StateJson.write(root, Layout.COMPACT);
  }

  /**
   * Parses {@link #json()} of version 1 or 2 as Spark hands it over from its offset log; errors
   * quote the text.
   */
  static KinesisOffset fromJson(String json) {
    return readFrom(StateJson.parse(json, "Kinesis offset", "'" + json + "'"));
  }

  /** The offset a state document holds; rejects versions other than 1 and 2. */
  static KinesisOffset readFrom(StateJson document) {
    int version = document.version("version", READ_AHEAD_VERSION, VERSION);
    JsonNode root = document.root();
    String stream = document.text(root, "stream");
    Map<String, ShardState> shards =
        version == READ_AHEAD_VERSION
            ? document.fields(
                root, "shards", node -> ShardState.at(ShardPosition.parse(node.asText())))
            : document.fields(root, "shards", node -> state(document, node));
    long read = version == READ_AHEAD_VERSION ? 0 : document.number(root, "read");
    return document.build(() -> new KinesisOffset(version, stream, read, shards));
  }

  private static ShardState state(StateJson document, JsonNode node) {
    return new ShardState(
        ShardPosition.read(document, node, "position"),
        document.optionalText(node, "readFrom").isPresent()
            ? ShardPosition.read(document, node, "readFrom")
            : null,
        document.optionalInstant(node, "keptUntil").orElse(null));
  }
}
