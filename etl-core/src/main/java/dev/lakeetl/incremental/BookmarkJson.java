package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
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
  private BookmarkJson() {}

  static String write(BookmarkState state) {
    requireNonNull(state, "state is null");
    ObjectNode root = StateJson.newDocument("format", BookmarkState.FORMAT_VERSION);
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
    return StateJson.write(root, Layout.INDENTED);
  }

  /**
   * Parses one version file.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException naming the file and the problem
   */
  static BookmarkState read(String text, String source) {
    StateJson json = StateJson.parse(text, "bookmark", source);
    json.version("format", BookmarkState.FORMAT_VERSION);
    JsonNode root = json.root();
    List<BookmarkEntry> entries = new ArrayList<>();
    for (JsonNode entry : json.required(root, "entries")) {
      entries.add(
          new BookmarkEntry(
              json.text(entry, "path"),
              json.number(entry, "size"),
              json.number(entry, "modified")));
    }
    return new BookmarkState(
        json.required(root, "version").asInt(),
        json.text(root, "job"),
        json.instant(root, "committedAt"),
        json.text(root, "runId"),
        json.text(root, "action"),
        entries);
  }
}
