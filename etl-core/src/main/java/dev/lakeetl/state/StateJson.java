package dev.lakeetl.state;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * One JSON state document being read: a JSON object, read field by field. Every error is one line,
 * {@code Cannot read <what> <source>: <problem>}, naming the document and the field.
 *
 * <p>Documents are written here too: {@link #newDocument(String, int)} starts one with its format
 * version, {@link #write} gives its text in the layout of its file, and {@link #version} checks the
 * version when it is read back.
 */
public final class StateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How a document is laid out in its file. */
  public enum Layout {
    /** On one line, without a line break. */
    COMPACT,
    /** On one line, ending with a line break. */
    LINE,
    /** Indented, one field a line, ending with a line break: for files people read too. */
    INDENTED
  }

  private final String what;
  private final String source;
  private final JsonNode root;

  private StateJson(String what, String source, JsonNode root) {
    this.what = what;
    this.source = source;
    this.root = root;
  }

  /**
   * Parses a document that must be a JSON object.
   *
   * @param what the kind of document, e.g. {@code bookmark}
   * @param source where the text came from, usually the file
   * @throws IllegalArgumentException naming the source when the text is not a JSON object
   */
  public static StateJson parse(String json, String what, String source) {
    requireNonNull(json, "json is null");
    requireNonNull(what, "what is null");
    requireNonNull(source, "source is null");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot read " + what + " " + source + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "Cannot read " + what + " " + source + ": not a JSON object");
    }
    return new StateJson(what, source, root);
  }

  /**
   * A new document that starts with its format version: {@code {"<versionField>": <version>}}.
   * Fields are written in the order they are added.
   */
  public static ObjectNode newDocument(String versionField, int version) {
    requireNonNull(versionField, "versionField is null");
    return newDocument().put(versionField, version);
  }

  /** A new, empty document, for a format that has no version field. */
  public static ObjectNode newDocument() {
    return MAPPER.createObjectNode();
  }

  /** The document's text, laid out as {@code layout} says. */
  public static String write(ObjectNode document, Layout layout) {
    requireNonNull(document, "document is null");
    // Jackson's own rendering of a tree; plain values always render, so nothing is thrown.
    return switch (requireNonNull(layout, "layout is null")) {
      case COMPACT -> document.toString();
      case LINE -> document.toString() + "\n";
      case INDENTED -> document.toPrettyString() + "\n";
    };
  }

  /**
   * The document's format version: the whole number in the top-level {@code field}, which must be
   * one of the {@code readable} versions.
   *
   * @throws IllegalArgumentException naming the document, the version found and the versions this
   *     build reads
   */
  public int version(String field, int... readable) {
    JsonNode value = required(root, field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw problem("field '" + field + "' is not a whole number: " + value);
    }
    int version = value.intValue();
    if (IntStream.of(readable).noneMatch(supported -> supported == version)) {
      throw problem(
          field
              + " "
              + version
              + " is not supported (this build reads "
              + field
              + " "
              + IntStream.of(readable).mapToObj(Integer::toString).collect(joining(" or "))
              + ")");
    }
    return version;
  }

  /** The top-level object. */
  public JsonNode root() {
    return root;
  }

  /** The field's value, which must be there and not null. */
  public JsonNode required(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw problem("field '" + field + "' is missing");
    }
    return value;
  }

  /** The field's value as text; must be there. */
  public String text(JsonNode parent, String field) {
    return required(parent, field).asText();
  }

  /** The field's text, or empty when the field is absent or null. */
  public Optional<String> optionalText(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** The field's whole number; must be there. */
  public long number(JsonNode parent, String field) {
    JsonNode value = required(parent, field);
    if (!value.canConvertToLong()) {
      throw problem("field '" + field + "' is not a number: " + value);
    }
    return value.longValue();
  }

  /** The field's ISO-8601 instant, such as {@code 2026-11-23T16:01:02.125Z}; must be there. */
  public Instant instant(JsonNode parent, String field) {
    return parseInstant(field, text(parent, field));
  }

  /** The field's ISO-8601 instant, or empty when the field is absent or null. */
  public Optional<Instant> optionalInstant(JsonNode parent, String field) {
    return optionalText(parent, field).map(text -> parseInstant(field, text));
  }

  private Instant parseInstant(String field, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw problem("field '" + field + "' is not an ISO instant: '" + text + "'", e);
    }
  }

  /** The field's text as one of the constants of {@code type}, by name; must be there. */
  public <E extends Enum<E>> E constant(JsonNode parent, String field, Class<E> type) {
    String text = text(parent, field);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    throw problem(
        "field '"
            + field
            + "' is '"
            + text
            + "', expected one of "
            + Arrays.toString(type.getEnumConstants()));
  }

  /**
   * The fields of the object in {@code field}, in document order, each value converted. An error
   * converting one, or a value its type refuses, names the entry: {@code entry '<name>' of
   * '<field>': <problem>}.
   */
  public <V> Map<String, V> fields(JsonNode parent, String field, Function<JsonNode, V> value) {
    JsonNode object = required(parent, field);
    if (!object.isObject()) {
      throw problem("field '" + field + "' is not an object: " + object);
    }
    Map<String, V> fields = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String where = "entry '" + entry.getKey() + "' of '" + field + "': ";
      try {
        fields.put(entry.getKey(), value.apply(entry.getValue()));
      } catch (Problem e) {
        throw problem(where + e.detail, e);
      } catch (IllegalArgumentException e) {
        throw problem(where + e.getMessage(), e);
      }
    }
    return fields;
  }

  /**
   * Builds a value from this document. A value its type refuses (an {@link
   * IllegalArgumentException} of a constructor) is reported as a problem of this document too.
   */
  public <T> T build(Supplier<T> value) {
    try {
      return value.get();
    } catch (Problem e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw problem(e.getMessage(), e);
    }
  }

  /** An error about this document: {@code Cannot read <what> <source>: <detail>}. */
  public IllegalArgumentException problem(String detail) {
    return new Problem(prefix(), detail, null);
  }

  /** An error about this document, with its cause. */
  public IllegalArgumentException problem(String detail, Throwable cause) {
    return new Problem(prefix(), detail, cause);
  }

  private String prefix() {
    return "Cannot read " + what + " " + source + ": ";
  }

  /**
   * A problem already naming the document, so {@link #build} does not name it twice; its detail
   * lets {@link #fields} say which entry it is about.
   */
  private static final class Problem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String detail;

    Problem(String prefix, String detail, Throwable cause) {
      super(prefix + detail, cause);
      this.detail = detail;
    }
  }
}
