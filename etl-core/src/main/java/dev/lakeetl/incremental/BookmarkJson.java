package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link BookmarkState}, written explicitly so it only changes together with
 * {@link BookmarkState#FORMAT_VERSION}:
 *
 * <pre>{@code
 * {
 *   "format": 1,
 *   "version": 3,
 *   "job": "flights-raw-to-refined",
 *   "committedAt": "2026-11-23T18:01:02.125Z",
 *   "runId": "20261123T180050Z-3f9a1c",
 *   "action": "run",
 *   "entries": [{"path": "s3a://raw/flights/2001/01/02/a.json", "size": 617, "modified": 1763...}]
 * }
 * }</pre>
 */
final class BookmarkJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BookmarkJson() {}

  static String write(BookmarkState state) {
    requireNonNull(state, "state is null");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", BookmarkState.FORMAT_VERSION);
    root.put("version", state.version());
    root.put("job", state.job());
    root.put("committedAt", state.committedAt().toString());
    root.put("runId", state.runId());
    root.put("action", state.action());
    ArrayNode entries = root.putArray("entries");
    for (BookmarkEntry entry : state.entries()) {
      entries
          .addObject()
          .put("path", entry.path())
          .put("size", entry.size())
          .put("modified", entry.modified());
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write bookmark version " + state.version(), e);
    }
  }

  /**
   * Parses one version file.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException naming the file and the problem
   */
  static BookmarkState read(String json, String source) {
    requireNonNull(json, "json is null");
    requireNonNull(source, "source is null");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot read bookmark " + source + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Cannot read bookmark " + source + ": not a JSON object");
    }
    int format = root.path("format").asInt(-1);
    if (format != BookmarkState.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "Cannot read bookmark "
              + source
              + ": format "
              + root.path("format")
              + ", this version reads format "
              + BookmarkState.FORMAT_VERSION);
    }
    try {
      List<BookmarkEntry> entries = new ArrayList<>();
      for (JsonNode entry : required(root, "entries", source)) {
        entries.add(
            new BookmarkEntry(
                required(entry, "path", source).asText(),
                required(entry, "size", source).asLong(),
                required(entry, "modified", source).asLong()));
      }
      return new BookmarkState(
          required(root, "version", source).asInt(),
          required(root, "job", source).asText(),
          Instant.parse(required(root, "committedAt", source).asText()),
          required(root, "runId", source).asText(),
          required(root, "action", source).asText(),
          entries);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot read bookmark " + source + ": committedAt is not an ISO instant", e);
    }
  }

  private static JsonNode required(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(
          "Cannot read bookmark " + source + ": field '" + field + "' is missing");
    }
    return value;
  }
}
