package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One named section of a free-form map key ({@link ConfigSections}): its attributes, read against a
 * {@link ConfigSchema} of attribute keys ({@code path}, {@code format}, {@code options} as a map).
 */
public final class ConfigSection {
  private final String name;
  private final String prefix;
  private final Map<String, ConfigValue> values;

  ConfigSection(String name, String prefix, Map<String, ConfigValue> values) {
    this.name = requireNonNull(name, "name is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
    this.values = Map.copyOf(requireNonNull(values, "values is null"));
  }

  /** The section name, e.g. {@code flights} in {@code input.flights.path}. */
  public String name() {
    return name;
  }

  /** The full key of an attribute, e.g. {@code input.flights.path}. */
  public String key(String attribute) {
    requireNonNull(attribute, "attribute is null");
    return prefix + attribute;
  }

  /** Whether {@code attribute}, or a sub-key of it, is set to a non-blank value. */
  public boolean has(String attribute) {
    requireNonNull(attribute, "attribute is null");
    for (Map.Entry<String, ConfigValue> entry : values.entrySet()) {
      boolean owned =
          entry.getKey().equals(attribute) || entry.getKey().startsWith(attribute + ".");
      if (owned && !entry.getValue().text().isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The attributes, typed and checked against {@code attributes}: unknown attributes, missing
   * required ones and bad values are added to {@code problems}, each naming its full key and where
   * its value came from.
   *
   * @return the section's settings (their {@link Settings#get} reads attribute keys), or empty when
   *     a problem was found
   */
  public Optional<Settings> read(ConfigSchema attributes, List<String> problems) {
    return read(attributes, "", problems);
  }

  /**
   * Like {@link #read(ConfigSchema, List)}, naming what the section is in unknown-attribute
   * messages: {@code quality.rules.f.colum (from ...): unknown attribute for a completeness rule}.
   *
   * @param what e.g. {@code a completeness rule}
   */
  public Optional<Settings> read(ConfigSchema attributes, String what, List<String> problems) {
    requireNonNull(attributes, "attributes is null");
    requireNonNull(what, "what is null");
    requireNonNull(problems, "problems is null");
    try {
      return Optional.of(Settings.section(attributes, values, prefix, what));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  /**
   * One attribute alone, when the rest of the section depends on it (a quality rule's {@code type}
   * decides which parameters it takes). Other attributes are not checked here.
   *
   * @return the value or the key's default; empty when it is not set or a problem was found
   */
  public <T> Optional<T> value(ConfigKey<T> attribute, List<String> problems) {
    requireNonNull(attribute, "attribute is null");
    requireNonNull(problems, "problems is null");
    Map<String, ConfigValue> own = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (attribute.matches(key)) {
            own.put(key, value);
          }
        });
    try {
      return Settings.section(ConfigSchema.of(attribute), own, prefix, "").find(attribute);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return prefix + values.keySet();
  }
}
