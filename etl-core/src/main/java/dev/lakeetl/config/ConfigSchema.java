package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The set of keys a job accepts. Every key found in the spec file, overlay or arguments must be
 * declared here (or live under {@code vars.*}); anything else is reported as unknown.
 *
 * <p>Jobs combine the core keys with their own: {@code CoreKeys.SCHEMA.plus(ConfigSchema.of(...))}.
 * A key declared again with the same type replaces the earlier declaration (a job may give a core
 * key a default or make it required); declaring it again with a different type is an error.
 */
public final class ConfigSchema {
  private final Map<String, ConfigKey<?>> keys;

  private ConfigSchema(Map<String, ConfigKey<?>> keys) {
    this.keys = keys;
  }

  /** A schema of the given keys. */
  public static ConfigSchema of(ConfigKey<?>... keys) {
    requireNonNull(keys, "keys is null");
    return new ConfigSchema(Map.of()).plus(Arrays.asList(keys));
  }

  /** This schema with every key of {@code other} added; {@code other} wins on re-declarations. */
  public ConfigSchema plus(ConfigSchema other) {
    requireNonNull(other, "other is null");
    return plus(other.keys());
  }

  private ConfigSchema plus(List<ConfigKey<?>> added) {
    Map<String, ConfigKey<?>> combined = new LinkedHashMap<>(keys);
    for (ConfigKey<?> key : added) {
      requireNonNull(key, "key is null");
      ConfigKey<?> existing = combined.get(key.name());
      if (existing != null && !existing.sameType(key)) {
        throw new IllegalArgumentException(
            "Cannot combine config schemas: key "
                + key.name()
                + " is declared as "
                + existing.typeName()
                + " and as "
                + key.typeName());
      }
      combined.put(key.name(), key);
    }
    for (ConfigKey<?> key : combined.values()) {
      for (ConfigKey<?> other : combined.values()) {
        if (key != other && key.isMap() && other.name().startsWith(key.name() + ".")) {
          throw new IllegalArgumentException(
              "Cannot combine config schemas: key "
                  + other.name()
                  + " lies under the free-form map "
                  + key.name()
                  + ".*");
        }
      }
    }
    return new ConfigSchema(Collections.unmodifiableMap(combined));
  }

  /** All keys in declaration order. */
  public List<ConfigKey<?>> keys() {
    return List.copyOf(keys.values());
  }

  /** The key declared under exactly this name (for map keys: the prefix). */
  public Optional<ConfigKey<?>> key(String name) {
    requireNonNull(name, "name is null");
    return Optional.ofNullable(keys.get(name));
  }

  /**
   * The key a configured name belongs to: the key itself, or the map whose prefix it falls under.
   */
  Optional<ConfigKey<?>> owner(String keyName) {
    ConfigKey<?> exact = keys.get(keyName);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (ConfigKey<?> key : keys.values()) {
      if (key.matches(keyName)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The key that was called {@code keyName} before it was renamed, if any. */
  Optional<ConfigKey<?>> renamed(String keyName) {
    for (ConfigKey<?> key : keys.values()) {
      if (key.formerName().filter(keyName::equals).isPresent()) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ConfigSchema" + keys.keySet();
  }
}
