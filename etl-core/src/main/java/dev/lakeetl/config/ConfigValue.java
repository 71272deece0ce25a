package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One raw configuration value before typing: a single text or a YAML list, with the layer it came
 * from.
 *
 * @param parts the text (one element) or the list elements
 * @param list whether the value was written as a list
 * @param origin where the value came from, e.g. {@code conf/flights.yaml} or {@code argument
 *     --source.path}
 */
record ConfigValue(List<String> parts, boolean list, String origin) {
  ConfigValue {
    parts = List.copyOf(requireNonNull(parts, "parts is null"));
    requireNonNull(origin, "origin is null");
    if (!list && parts.size() != 1) {
      throw new IllegalArgumentException("Cannot create scalar value: expected one part");
    }
  }

  static ConfigValue scalar(String text, String origin) {
    return new ConfigValue(List.of(requireNonNull(text, "text is null")), false, origin);
  }

  static ConfigValue list(List<String> items, String origin) {
    return new ConfigValue(items, true, origin);
  }

  /** The value as one text; list elements joined with commas. */
  String text() {
    return String.join(",", parts);
  }

  /** Printable form: lists in brackets. */
  String display() {
    return list ? parts.toString() : parts.get(0);
  }

  ConfigValue withParts(List<String> newParts) {
    return new ConfigValue(newParts, list, origin);
  }
}
