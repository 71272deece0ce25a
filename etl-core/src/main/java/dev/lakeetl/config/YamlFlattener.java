package dev.lakeetl.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML document into dotted keys: {@code source: {path: x}} and {@code source.path: x} both
 * become {@code source.path}. Lists of plain values stay lists; a YAML null ({@code key: ~} or
 * {@code key:}) maps to a Java null, meaning "unset this key in earlier layers".
 */
public final class YamlFlattener {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private YamlFlattener() {}

  /**
   * Flattens a local YAML file into dotted keys and texts, for settings read outside a job config:
   * list elements are joined with commas, and a YAML null stays a Java null.
   *
   * @throws ConfigException naming the file, and the key where one is given twice or holds a nested
   *     list
   */
  public static Map<String, String> flattenToText(Path file) {
    Map<String, ConfigValue> values;
    try (InputStream input = Files.newInputStream(file)) {
      values = flatten(input, file.toString(), file.toString());
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> texts = new LinkedHashMap<>();
    values.forEach((key, value) -> texts.put(key, value == null ? null : value.text()));
    return texts;
  }

  /**
   * Flattens the document.
   *
   * @param location file name for error messages and the values' origin
   * @param origin origin recorded on every value
   * @throws ConfigException if the YAML is malformed or not a mapping, or a key is given twice
   */
  static Map<String, ConfigValue> flatten(InputStream input, String location, String origin)
      throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(input);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "Cannot parse config file "
              + location
              + ": "
              + e.getOriginalMessage().replaceAll("\\s+", " ").trim());
    }
    Map<String, ConfigValue> flat = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return flat;
    }
    if (!root.isObject()) {
      throw new ConfigException(
          "Cannot read config file " + location + ": expected a mapping of keys at the top level");
    }
    List<String> problems = new ArrayList<>();
    flattenObject(root, "", location, origin, flat, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return flat;
  }

  private static void flattenObject(
      JsonNode node,
      String prefix,
      String location,
      String origin,
      Map<String, ConfigValue> flat,
      List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix + field.getKey().trim();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flattenObject(value, name + ".", location, origin, flat, problems);
        continue;
      }
      if (flat.containsKey(name)) {
        problems.add(name + " (from " + origin + "): key is given twice");
        continue;
      }
      if (value.isNull()) {
        flat.put(name, null);
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
          if (item.isContainerNode()) {
            problems.add(
                name
                    + " (from "
                    + origin
                    + "): list elements must be plain values, not maps or lists");
            break;
          }
          items.add(item.isNull() ? "" : item.asText());
        }
        flat.put(name, ConfigValue.list(items, origin));
      } else {
        flat.put(name, ConfigValue.scalar(value.asText(), origin));
      }
    }
  }
}
