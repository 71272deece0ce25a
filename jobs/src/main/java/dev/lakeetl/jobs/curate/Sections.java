package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Splits the sub-keys of a free-form map key ({@code input.*}) into named sections ({@code
 * input.flights.path} is attribute {@code path} of section {@code flights}) and reads their
 * attributes, collecting every problem with the full key name instead of failing on the first.
 */
final class Sections {
  /** Dataset and step names: SQL identifiers, so SQL can refer to them unquoted. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static final String OPTIONS = "options";

  private Sections() {}

  /** The sections under {@code prefix}, sorted by name. */
  static Map<String, Section> split(
      String prefix, Map<String, String> entries, List<String> problems) {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(entries, "entries is null");
    Map<String, Map<String, String>> attributes = new TreeMap<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
      int dot = entry.getKey().indexOf('.');
      if (dot < 0) {
        problems.add(
            prefix
                + "."
                + entry.getKey()
                + ": expected attributes like "
                + prefix
                + "."
                + entry.getKey()
                + ".path, not a single value");
        continue;
      }
      String name = entry.getKey().substring(0, dot);
      attributes
          .computeIfAbsent(name, ignored -> new TreeMap<>())
          .put(entry.getKey().substring(dot + 1), entry.getValue());
    }
    Map<String, Section> sections = new LinkedHashMap<>();
    attributes.forEach(
        (name, values) -> {
          if (!NAME.matcher(name).matches()) {
            problems.add(
                prefix
                    + "."
                    + name
                    + ": '"
                    + name
                    + "' is not a valid name; use letters, digits and _ (a SQL identifier)");
          }
          sections.put(name, new Section(prefix, name, values, problems));
        });
    return sections;
  }

  /** One named section; reads report problems into the shared list. */
  static final class Section {
    private final String prefix;
    private final String name;
    private final Map<String, String> attributes;
    private final List<String> problems;

    Section(String prefix, String name, Map<String, String> attributes, List<String> problems) {
      this.prefix = requireNonNull(prefix, "prefix is null");
      this.name = requireNonNull(name, "name is null");
      this.attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
      this.problems = requireNonNull(problems, "problems is null");
    }

    String name() {
      return name;
    }

    /** The full key of an attribute, e.g. {@code input.flights.path}. */
    String key(String attribute) {
      return prefix + "." + name + "." + attribute;
    }

    /** A non-blank attribute value. */
    Optional<String> optional(String attribute) {
      return Optional.ofNullable(attributes.get(attribute))
          .map(String::trim)
          .filter(value -> !value.isEmpty());
    }

    /** A non-blank attribute value; a problem and an empty text when it is missing. */
    String required(String attribute, String what) {
      Optional<String> value = optional(attribute);
      if (value.isEmpty()) {
        problems.add(key(attribute) + ": missing required attribute (" + what + ")");
        return "";
      }
      return value.get();
    }

    /** A comma-separated list (YAML lists arrive joined with commas). */
    List<String> list(String attribute) {
      List<String> items = new ArrayList<>();
      optional(attribute)
          .ifPresent(
              text -> {
                for (String item : text.split(",")) {
                  if (!item.isBlank()) {
                    items.add(item.trim());
                  }
                }
              });
      return List.copyOf(items);
    }

    /** {@code true} or {@code false}, or the default. */
    boolean bool(String attribute, boolean defaultValue) {
      Optional<String> text = optional(attribute);
      if (text.isEmpty()) {
        return defaultValue;
      }
      String value = text.get().toLowerCase(Locale.ROOT);
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      problems.add(key(attribute) + ": '" + text.get() + "' is not true or false");
      return defaultValue;
    }

    /** A positive long, or the default. */
    long positiveLong(String attribute, long defaultValue) {
      Optional<String> text = optional(attribute);
      if (text.isEmpty()) {
        return defaultValue;
      }
      try {
        long value = Long.parseLong(text.get());
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(key(attribute) + ": '" + text.get() + "' is not a positive number");
      return defaultValue;
    }

    /** One constant of {@code type} in kebab-case, or the default. */
    <E extends Enum<E>> E enumeration(String attribute, Class<E> type, E defaultValue) {
      Optional<String> text = optional(attribute);
      if (text.isEmpty()) {
        return defaultValue;
      }
      String constant = text.get().replace('-', '_').toUpperCase(Locale.ROOT);
      List<String> allowed = new ArrayList<>();
      for (E candidate : type.getEnumConstants()) {
        if (candidate.name().equals(constant)) {
          return candidate;
        }
        allowed.add(candidate.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      problems.add(
          key(attribute) + ": '" + text.get() + "' is not one of " + String.join(", ", allowed));
      return defaultValue;
    }

    /** The {@code options.<option>} attributes, prefix removed. */
    Map<String, String> options() {
      return nested(OPTIONS);
    }

    /** The attributes under {@code group.} ({@code quality.rules.x.type}), prefix removed. */
    Map<String, String> nested(String group) {
      Map<String, String> nested = new TreeMap<>();
      attributes.forEach(
          (attribute, value) -> {
            if (attribute.startsWith(group + ".")) {
              nested.put(attribute.substring(group.length() + 1), value);
            }
          });
      return Map.copyOf(nested);
    }

    /**
     * Reports every attribute outside {@code allowed} (and {@code options.*} if allowed); a group
     * written {@code quality.*} allows every attribute under it (checked by its own reader).
     */
    void allowOnly(Set<String> allowed) {
      Set<String> expected = new TreeSet<>(allowed);
      for (String attribute : new TreeSet<>(attributes.keySet())) {
        boolean option = expected.contains(OPTIONS) && attribute.startsWith(OPTIONS + ".");
        boolean plain = expected.contains(attribute) && !attribute.equals(OPTIONS);
        boolean grouped =
            expected.stream()
                .anyMatch(
                    group ->
                        group.endsWith(".*")
                            && attribute.startsWith(group.substring(0, group.length() - 1)));
        if (!option && !plain && !grouped) {
          problems.add(
              key(attribute)
                  + ": unknown attribute; expected "
                  + String.join(", ", expected.stream().map(this::describe).toList()));
        }
      }
    }

    private String describe(String attribute) {
      return attribute.equals(OPTIONS) ? OPTIONS + ".<option>" : attribute;
    }
  }
}
