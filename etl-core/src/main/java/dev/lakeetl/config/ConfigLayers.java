package dev.lakeetl.config;

import java.util.Map;

/**
 * How configuration layers combine: the job spec, its environment overlay and the arguments of a
 * job, or the shared and per-environment files of a deployment. Needs nothing but the maps, so the
 * deploy tool uses it without the job runtime on its class path.
 */
public final class ConfigLayers {
  private ConfigLayers() {}

  /**
   * Lays {@code layer} over {@code merged}, the way an overlay file or an argument overrides the
   * spec: a later value wins key by key, and a null value (YAML {@code ~}) unsets the key and every
   * key under it.
   */
  public static <V> void apply(Map<String, V> merged, Map<String, V> layer) {
    layer.forEach(
        (key, value) -> {
          if (value == null) {
            merged
                .keySet()
                .removeIf(existing -> existing.equals(key) || existing.startsWith(key + "."));
          } else {
            merged.put(key, value);
          }
        });
  }
}
