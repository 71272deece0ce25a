package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Renders an SDK request as the JSON the API documents: each member under its wire name ({@code
 * Name}, {@code DefaultArguments} for Glue; {@code applicationId}, {@code jobDriver} for EMR
 * Serverless), unset members left out. Members that travel in the URL path or query (EMR Serverless
 * {@code applicationId}) are shown as fields too. Used by {@code --dry-run}.
 */
public final class RequestJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestJson() {}

  /**
   * {@code {"service": ..., "operation": ..., "when": ..., "request": {...}}}.
   *
   * @param when the condition under which the tool sends it, empty when always
   */
  public static ObjectNode describe(
      String service, String operation, String when, SdkPojo request) {
    requireNonNull(service, "service is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(when, "when is null");
    ObjectNode root = NODES.objectNode();
    root.put("service", service);
    root.put("operation", operation);
    if (!when.isEmpty()) {
      root.put("when", when);
    }
    root.set("request", toJson(request));
    return root;
  }

  /** The described requests as one pretty-printed JSON array. */
  public static String render(List<ObjectNode> requests) {
    requireNonNull(requests, "requests is null");
    ArrayNode array = NODES.arrayNode();
    requests.forEach(array::add);
    try {
      return MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render requests as JSON", e);
    }
  }

  /** The request's members as a JSON object. */
  public static ObjectNode toJson(SdkPojo pojo) {
    requireNonNull(pojo, "pojo is null");
    ObjectNode node = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (isUnset(value)) {
        continue;
      }
      node.set(field.locationName(), value(value));
    }
    return node;
  }

  private static boolean isUnset(Object value) {
    return value == null
        || value instanceof SdkAutoConstructList
        || value instanceof SdkAutoConstructMap;
  }

  private static JsonNode value(Object value) {
    if (value instanceof SdkPojo) {
      return toJson((SdkPojo) value);
    }
    if (value instanceof List) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : (List<?>) value) {
        array.add(value(item));
      }
      return array;
    }
    if (value instanceof Map) {
      ObjectNode object = NODES.objectNode();
      ((Map<?, ?>) value).forEach((key, item) -> object.set(String.valueOf(key), value(item)));
      return object;
    }
    if (value instanceof Integer) {
      return NODES.numberNode((Integer) value);
    }
    if (value instanceof Long) {
      return NODES.numberNode((Long) value);
    }
    if (value instanceof Double) {
      return NODES.numberNode((Double) value);
    }
    if (value instanceof Boolean) {
      return NODES.booleanNode((Boolean) value);
    }
    return NODES.textNode(String.valueOf(value));
  }
}
