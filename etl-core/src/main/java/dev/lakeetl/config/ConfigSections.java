package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named sections under a free-form map key: {@code input.flights.path} is attribute {@code path} of
 * section {@code flights} under {@link ConfigKey#map map("input")}. Each section's attributes are
 * then read with {@link ConfigSection#read} against a {@link ConfigSchema} of attribute keys, so a
 * section is typed and checked exactly like top-level keys, with the full key in every message.
 *
 * <pre>{@code
 * List<String> problems = new ArrayList<>();
 * for (ConfigSection section :
 *     ConfigSections.read(settings, CurateKeys.INPUT, Names.SQL_IDENTIFIER, problems).values()) {
 *   section.read(CurateKeys.INPUT_ATTRIBUTES, problems)
 *       .ifPresent(input -> inputs.add(input.get(CurateKeys.INPUT_PATH)));
 * }
 * if (!problems.isEmpty()) throw new ConfigException(problems);
 * }</pre>
 *
 * <p>Problems are added to a list the caller owns, so the problems of every section (and of the
 * rest of a job's configuration) are reported together.
 */
public final class ConfigSections {
  /** How section names may be written. */
  public enum Names {
    /** Letters, digits and {@code _}, not starting with a digit: SQL refers to them unquoted. */
    SQL_IDENTIFIER("[A-Za-z_][A-Za-z0-9_]*", "letters, digits and _ (a SQL identifier)"),
    /** Letters, digits, {@code -} and {@code _}: any segment of a key name. */
    KEY_SEGMENT("[A-Za-z0-9_-]+", "letters, digits, - and _");

    private final Pattern pattern;
    private final String allowed;

    Names(String pattern, String allowed) {
      this.pattern = Pattern.compile(pattern);
      this.allowed = allowed;
    }

    boolean accepts(String name) {
      return pattern.matcher(name).matches();
    }
  }

  private ConfigSections() {}

  /**
   * The sections under {@code key}, by name in name order. A sub-key without an attribute ({@code
   * input.flights: x}) and a name that {@code names} does not accept are added to {@code problems};
   * a section with a bad name is still returned, so its attributes are checked too.
   *
   * @param settings the settings {@code key} is declared in (top-level, or a section's own)
   * @throws IllegalArgumentException if {@code key} is not declared in {@code settings}' schema
   */
  public static Map<String, ConfigSection> read(
      Settings settings, ConfigKey<Map<String, String>> key, Names names, List<String> problems) {
    requireNonNull(settings, "settings is null");
    requireNonNull(key, "key is null");
    requireNonNull(names, "names is null");
    requireNonNull(problems, "problems is null");
    String prefix = key.name() + ".";
    Map<String, Map<String, ConfigValue>> attributes = new TreeMap<>();
    settings
        .subValues(key)
        .forEach(
            (subKey, value) -> {
              String rest = subKey.substring(prefix.length());
              int dot = rest.indexOf('.');
              if (dot < 0) {
                String full = settings.fullName(subKey);
                problems.add(
                    full
                        + " (from "
                        + value.origin()
                        + "): "
                        + shown(full, value)
                        + " is a single value, expected attributes like "
                        + full
                        + ".<attribute>");
                return;
              }
              attributes
                  .computeIfAbsent(rest.substring(0, dot), name -> new TreeMap<>())
                  .put(rest.substring(dot + 1), value);
            });
    Map<String, ConfigSection> sections = new LinkedHashMap<>();
    attributes.forEach(
        (name, values) -> {
          String full = settings.fullName(prefix + name);
          if (!names.accepts(name)) {
            problems.add(full + ": '" + name + "' is not a valid name; use " + names.allowed);
          }
          sections.put(name, new ConfigSection(name, full + ".", values));
        });
    return Collections.unmodifiableMap(sections);
  }

  private static String shown(String fullName, ConfigValue value) {
    return Redaction.isSecretName(fullName) ? "value (redacted)" : "'" + value.display() + "'";
  }
}
