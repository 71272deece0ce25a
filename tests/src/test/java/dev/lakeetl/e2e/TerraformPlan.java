package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One environment's plan as {@code terraform show -json} renders it: the resources Terraform would
 * create, with the values it computed (policies, job definitions, names).
 *
 * @param environment dev, qa, staging or prod
 * @param json the whole plan
 */
record TerraformPlan(String environment, JsonNode json) {
  TerraformPlan {
    requireNonNull(environment, "environment is null");
    requireNonNull(json, "json is null");
  }

  /** A planned resource: its address, type and planned values. */
  record Resource(String address, String type, String name, JsonNode values) {
    /**
     * The instance key of a {@code for_each} resource, e.g. {@code raw} of {@code layer["raw"]}.
     */
    String key() {
      int open = address.lastIndexOf("[\"");
      return open < 0 ? "" : address.substring(open + 2, address.length() - 2);
    }

    /** A string attribute, failing when it is absent or unknown when planning. */
    String string(String attribute) {
      JsonNode value = values.get(attribute);
      if (value == null || !value.isTextual()) {
        throw new AssertionError(address + "." + attribute + " is not a known string: " + value);
      }
      return value.asText();
    }

    /** A JSON document held in a string attribute, such as a policy. */
    JsonNode document(String attribute) {
      try {
        return new ObjectMapper().readTree(string(attribute));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot parse " + address + "." + attribute, e);
      }
    }
  }

  /** Every managed resource of {@code type}, in every module, in plan order. */
  List<Resource> resources(String type) {
    List<Resource> found = new ArrayList<>();
    collect(json.at("/planned_values/root_module"), type, found);
    return found;
  }

  /** The one managed resource of {@code type} whose address ends with {@code suffix}. */
  Resource resource(String type, String suffix) {
    List<Resource> matching =
        resources(type).stream().filter(resource -> resource.address().endsWith(suffix)).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          environment
              + ": expected one "
              + type
              + " ending with "
              + suffix
              + ", found "
              + matching.stream().map(Resource::address).toList());
    }
    return matching.get(0);
  }

  /** The attributes of {@code address} that Terraform could not compute when planning. */
  List<String> unknownAttributes(String address) {
    for (JsonNode change : json.path("resource_changes")) {
      if (change.path("address").asText().equals(address)) {
        List<String> unknown = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields =
            change.path("change").path("after_unknown").fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (field.getValue().asBoolean(false)) {
            unknown.add(field.getKey());
          }
        }
        return unknown;
      }
    }
    throw new AssertionError(environment + ": no resource change " + address);
  }

  /** Bucket name per layer (raw, refined, ...), from the S3 buckets the plan creates. */
  Map<String, String> buckets() {
    Map<String, String> buckets = new LinkedHashMap<>();
    for (Resource bucket : resources("aws_s3_bucket")) {
      buckets.put(bucket.key(), bucket.string("bucket"));
    }
    return buckets;
  }

  private static void collect(JsonNode module, String type, List<Resource> found) {
    for (JsonNode resource : module.path("resources")) {
      if (resource.path("mode").asText().equals("managed")
          && resource.path("type").asText().equals(type)) {
        found.add(
            new Resource(
                resource.path("address").asText(),
                type,
                resource.path("name").asText(),
                resource.path("values")));
      }
    }
    for (JsonNode child : module.path("child_modules")) {
      collect(child, type, found);
    }
  }
}
