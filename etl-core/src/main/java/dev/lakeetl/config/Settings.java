package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Validated, immutable job configuration: every value typed against its {@link ConfigSchema},
 * {@code ${...}} substituted, and each value's origin (spec file, env overlay, argument, default)
 * recorded. Produced by {@link ConfigLoader#load} or, for tests and programmatic use, {@link #of}.
 */
public final class Settings {
  static final String DEFAULT_ORIGIN = "default";
  static final String GIVEN_ORIGIN = "given value";
  static final String NOT_SET_ORIGIN = "not set";

  private final ConfigSchema schema;
  private final SortedMap<String, ConfigValue> values;
  private final String prefix;

  private Settings(ConfigSchema schema, SortedMap<String, ConfigValue> values, String prefix) {
    this.schema = schema;
    this.values = Collections.unmodifiableSortedMap(values);
    this.prefix = prefix;
  }

  /**
   * Settings from plain key/value pairs, validated exactly like {@link ConfigLoader#load}; lists as
   * {@code "a,b,c"}. {@code ${NAME}} resolves from {@code vars.*} only (not the process
   * environment).
   *
   * @throws ConfigException listing every problem
   */
  public static Settings of(ConfigSchema schema, Map<String, String> values) {
    requireNonNull(schema, "schema is null");
    requireNonNull(values, "values is null");
    Map<String, ConfigValue> raw = new LinkedHashMap<>();
    new TreeMap<>(values)
        .forEach((key, value) -> raw.put(key, ConfigValue.scalar(value, GIVEN_ORIGIN)));
    return resolve(schema, raw, Map.of(), List.of("the given values"));
  }

  /**
   * Substitutes, validates and types merged raw values.
   *
   * @param sources the layers that were read, named for "missing required key" messages
   */
  static Settings resolve(
      ConfigSchema schema,
      Map<String, ConfigValue> merged,
      Map<String, String> environment,
      List<String> sources) {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigValue> substituted = Substitution.apply(merged, environment, problems);
    return validate(schema, merged, substituted, "", "", sources, problems);
  }

  /**
   * The attributes of one named section ({@link ConfigSection}), already substituted, validated
   * against {@code schema}; every message names the full key, {@code prefix} + attribute.
   *
   * @param what what the section is, e.g. {@code a range rule}, for unknown attributes; or empty
   * @throws ConfigException listing every problem
   */
  static Settings section(
      ConfigSchema schema, Map<String, ConfigValue> values, String prefix, String what) {
    return validate(schema, values, values, prefix, what, List.of(), new ArrayList<>());
  }

  private static Settings validate(
      ConfigSchema schema,
      Map<String, ConfigValue> merged,
      Map<String, ConfigValue> substituted,
      String prefix,
      String what,
      List<String> sources,
      List<String> problems) {
    boolean section = !prefix.isEmpty();
    List<String> declaredNames = new ArrayList<>();
    for (ConfigKey<?> key : schema.keys()) {
      declaredNames.add(key.name());
    }

    for (Map.Entry<String, ConfigValue> entry : substituted.entrySet()) {
      String name = entry.getKey();
      ConfigValue value = entry.getValue();
      if (name.startsWith(Substitution.VARS_PREFIX)) {
        continue;
      }
      Optional<ConfigKey<?>> owner = schema.owner(name);
      Optional<ConfigKey<?>> renamed = owner.isEmpty() ? schema.renamed(name) : Optional.empty();
      if (renamed.isPresent()) {
        problems.add(
            prefix
                + name
                + " (from "
                + value.origin()
                + "): "
                + renamed.get().renamedProblem(value.display()));
        continue;
      }
      if (owner.isEmpty()) {
        StringBuilder problem =
            new StringBuilder(prefix)
                .append(name)
                .append(" (from ")
                .append(value.origin())
                .append(section ? "): unknown attribute" : "): unknown key")
                .append(what.isEmpty() ? "" : " for " + what);
        KeyNames.closest(name, declaredNames)
            .ifPresent(hint -> problem.append(", did you mean '").append(hint).append("'?"));
        if (section) {
          // A section's attributes are few: listing them all says what is allowed.
          problem.append("; expected ").append(attributeList(schema));
        }
        problems.add(problem.toString());
        continue;
      }
      ConfigKey<?> key = owner.get();
      if (key.isMap()) {
        if (name.equals(key.name())) {
          problems.add(
              prefix
                  + name
                  + " (from "
                  + value.origin()
                  + "): is a single value, expected sub-keys like "
                  + prefix
                  + name
                  + ".<name>");
        }
        continue;
      }
      try {
        key.parse(value);
      } catch (ConfigKey.InvalidValueException e) {
        String shown = isSecret(key, name) ? "value (redacted)" : "'" + value.display() + "'";
        problems.add(
            prefix + name + " (from " + value.origin() + "): " + shown + " " + e.getMessage());
      }
    }

    for (ConfigKey<?> key : schema.keys()) {
      if (!key.isRequired()) {
        continue;
      }
      boolean present;
      if (key.isMap()) {
        present = substituted.keySet().stream().anyMatch(key::matches);
      } else {
        ConfigValue value = substituted.get(key.name());
        present = value != null && !value.text().isBlank();
      }
      if (!present && section) {
        problems.add(
            prefix
                + key.name()
                + ": missing required attribute"
                + (key.description().isEmpty() ? "" : " (" + key.description() + ")"));
      } else if (!present) {
        problems.add(
            key.name()
                + ": missing required key"
                + (key.description().isEmpty() ? "" : " (" + key.description() + ")")
                + "; not set in "
                + String.join(", ", sources)
                + "; set it there or pass --"
                + key.name()
                + " <value>");
      }
    }

    Settings settings = new Settings(schema, new TreeMap<>(substituted), prefix);
    if (!problems.isEmpty()) {
      List<String> secrets = settings.secretValues(merged);
      List<String> scrubbed = new ArrayList<>();
      for (String problem : problems) {
        scrubbed.add(Redaction.scrub(problem, secrets));
      }
      throw new ConfigException(scrubbed);
    }
    return settings;
  }

  /** The declared names, sorted; map keys written {@code name.*}. */
  private static String attributeList(ConfigSchema schema) {
    List<String> names = new ArrayList<>();
    for (ConfigKey<?> key : schema.keys()) {
      names.add(key.isMap() ? key.name() + ".*" : key.name());
    }
    Collections.sort(names);
    return String.join(", ", names);
  }

  /**
   * The value of {@code key}, or its default.
   *
   * @throws IllegalStateException if there is neither (never for required keys after load)
   * @throws IllegalArgumentException if the key is not declared in the schema
   */
  public <T> T get(ConfigKey<T> key) {
    return find(key)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot get " + key.name() + ": no value is configured and it has no default"));
  }

  /**
   * The value of {@code key}, or its default, or empty when neither exists. Map keys yield their
   * sub-keys (prefix removed).
   *
   * @throws IllegalArgumentException if the key is not declared in the schema
   */
  public <T> Optional<T> find(ConfigKey<T> key) {
    requireNonNull(key, "key is null");
    Optional<ConfigKey<?>> declared = schema.key(key.name());
    if (declared.isEmpty() || !declared.get().sameType(key)) {
      throw new IllegalArgumentException(
          "Cannot get "
              + key.name()
              + ": the key is not declared as "
              + key.typeName()
              + " in the job's config schema");
    }
    // The schema's declaration wins: a job may have re-declared a core key with its own default.
    @SuppressWarnings("unchecked")
    ConfigKey<T> effective = (ConfigKey<T>) declared.get();
    if (effective.isMap()) {
      Map<String, String> entries = new TreeMap<>();
      String prefix = key.name() + ".";
      values.forEach(
          (name, value) -> {
            if (effective.matches(name)) {
              // Lists keep items that hold a comma apart (ConfigLists).
              entries.put(
                  name.substring(prefix.length()),
                  value.list() ? ConfigLists.join(value.parts()) : value.text());
            }
          });
      if (entries.isEmpty()) {
        return effective.defaultValue();
      }
      @SuppressWarnings("unchecked")
      T map = (T) Map.copyOf(entries);
      return Optional.of(map);
    }
    ConfigValue value = values.get(key.name());
    if (value == null) {
      return effective.defaultValue();
    }
    // Validated at load with the same declaration, so parsing cannot fail here.
    return Optional.of(effective.parse(value));
  }

  /**
   * Where the value of {@code keyName} came from: the spec file path, {@code env overlay <path>},
   * {@code argument --<key>}, {@code default}, or {@code not set}.
   */
  public String origin(String keyName) {
    requireNonNull(keyName, "keyName is null");
    ConfigValue value = values.get(keyName);
    if (value != null) {
      return value.origin();
    }
    Optional<ConfigKey<?>> key = schema.key(keyName);
    if (key.isPresent() && key.get().defaultValue().isPresent() && !key.get().isMap()) {
      return DEFAULT_ORIGIN;
    }
    return NOT_SET_ORIGIN;
  }

  /**
   * One line per configured or defaulted key, sorted: {@code key = value (origin)}. Secret values
   * are shown as {@code ****}.
   */
  public List<String> describe() {
    SortedMap<String, String> lines = new TreeMap<>();
    values.forEach(
        (name, value) ->
            lines.put(
                name,
                name
                    + " = "
                    + (isSecretName(name) ? Redaction.MASK : display(name, value))
                    + "  ("
                    + value.origin()
                    + ")"));
    for (ConfigKey<?> key : schema.keys()) {
      if (key.isMap() || values.containsKey(key.name())) {
        continue;
      }
      key.defaultValue()
          .ifPresent(
              defaultValue ->
                  lines.put(
                      key.name(),
                      key.name()
                          + " = "
                          + (isSecretName(key.name()) ? Redaction.MASK : key.format(defaultValue))
                          + "  ("
                          + DEFAULT_ORIGIN
                          + ")"));
    }
    List<String> secrets = secretValues(values);
    List<String> described = new ArrayList<>();
    for (String line : lines.values()) {
      described.add(Redaction.scrub(line, secrets));
    }
    return List.copyOf(described);
  }

  /** A declared key's typed value (normalized enum spelling, trimmed list), else the raw text. */
  private String display(String name, ConfigValue value) {
    Optional<ConfigKey<?>> owner = schema.owner(name);
    if (owner.isEmpty() || owner.get().isMap()) {
      return value.display();
    }
    return owner.get().format(owner.get().parse(value));
  }

  /**
   * The full name of {@code keyName} as the user wrote it: the key itself, or for the attributes of
   * a named section ({@link ConfigSection#read}) the key with the section's prefix, e.g. {@code
   * input.flights.path}.
   */
  public String fullName(String keyName) {
    requireNonNull(keyName, "keyName is null");
    return prefix + keyName;
  }

  /** The raw values under a declared map key, by full sub-key name, for {@link ConfigSections}. */
  Map<String, ConfigValue> subValues(ConfigKey<Map<String, String>> key) {
    find(key); // checks that the key is declared
    Map<String, ConfigValue> entries = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (name.startsWith(key.name() + ".")) {
            entries.put(name, value);
          }
        });
    return entries;
  }

  /** The schema these settings were validated against. */
  public ConfigSchema schema() {
    return schema;
  }

  /** Names of every key that has a configured value (not defaults), sorted. */
  public List<String> keyNames() {
    return List.copyOf(values.keySet());
  }

  private boolean isSecretName(String name) {
    Optional<ConfigKey<?>> owner = schema.owner(name);
    return isSecret(owner.orElse(null), name);
  }

  private static boolean isSecret(ConfigKey<?> key, String name) {
    return (key != null && key.isSecret()) || Redaction.isSecretName(name);
  }

  private List<String> secretValues(Map<String, ConfigValue> source) {
    List<String> secrets = new ArrayList<>();
    // Both raw and substituted values: a secret may arrive through ${VAR} or be written literally.
    for (Map<String, ConfigValue> map : List.of(source, values)) {
      map.forEach(
          (name, value) -> {
            Optional<ConfigKey<?>> owner = schema.owner(name);
            boolean declaredSecret = owner.isPresent() && owner.get().isSecret();
            if (declaredSecret || Redaction.isSecretName(name)) {
              secrets.addAll(value.parts());
            }
          });
    }
    return secrets;
  }

  @Override
  public String toString() {
    return "Settings" + describe();
  }
}
