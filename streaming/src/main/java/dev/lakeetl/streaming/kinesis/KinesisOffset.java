package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * The position of every shard of one stream, kept as JSON in Spark's offset log. Versioned, with
 * shards sorted by id so the same positions always give the same text (Spark compares offsets by
 * their JSON). A shard's position is an exclusive end (see {@link ShardPosition}).
 */
final class KinesisOffset extends Offset {
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String stream;
  private final SortedMap<String, ShardPosition> shards;

  KinesisOffset(String stream, Map<String, ShardPosition> shards) {
    this.stream = Objects.requireNonNull(stream, "stream is null");
    this.shards =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(shards, "shards is null")));
  }

  String stream() {
    return stream;
  }

  /** Shard id to position, sorted by shard id. */
  SortedMap<String, ShardPosition> shards() {
    return shards;
  }

  Optional<ShardPosition> position(String shardId) {
    return Optional.ofNullable(shards.get(shardId));
  }

  @Override
  public String json() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", VERSION);
    root.put("stream", stream);
    ObjectNode positions = root.putObject("shards");
    shards.forEach((shardId, position) -> positions.put(shardId, position.format()));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write Kinesis offset of stream " + stream, e);
    }
  }

  /** Parses {@link #json()}; rejects other versions and names the bad text. */
  static KinesisOffset fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot parse Kinesis offset: not JSON: " + json, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Cannot parse Kinesis offset: not a JSON object: " + json);
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot parse Kinesis offset: version %s is not supported (this build reads"
                  + " version %d): %s",
              root.path("version"), VERSION, json));
    }
    JsonNode stream = root.path("stream");
    JsonNode positions = root.path("shards");
    if (!stream.isTextual() || !positions.isObject()) {
      throw new IllegalArgumentException(
          "Cannot parse Kinesis offset: 'stream' (text) and 'shards' (object) are required: "
              + json);
    }
    Map<String, ShardPosition> shards = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = positions.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      shards.put(field.getKey(), ShardPosition.parse(field.getValue().asText()));
    }
    return new KinesisOffset(stream.asText(), shards);
  }
}
