package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in merged configuration values. A name is looked up in the config's own
 * {@code vars.NAME} first (itself substituted, so variables may build on each other), then in the
 * environment variables; {@code ${NAME:-fallback}} uses the literal fallback when both miss. {@code
 * $${} writes a literal {@code ${}.
 *
 * <p>Runs after all layers are merged, so an argument such as {@code --vars.lake /tmp/lake}
 * redirects every path built from {@code ${lake}}.
 */
final class Substitution {
  static final String VARS_PREFIX = "vars.";
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final Map<String, ConfigValue> values;
  private final Map<String, String> environment;
  private final Map<String, String> resolvedVariables = new HashMap<>();
  private final Deque<String> resolving = new ArrayDeque<>();

  private Substitution(Map<String, ConfigValue> values, Map<String, String> environment) {
    this.values = requireNonNull(values, "values is null");
    this.environment = requireNonNull(environment, "environment is null");
  }

  /**
   * Substitutes every value. Problems (unresolved variables, cycles, malformed references) are
   * added to {@code problems}, one per key; such keys keep their raw value.
   */
  static Map<String, ConfigValue> apply(
      Map<String, ConfigValue> values, Map<String, String> environment, List<String> problems) {
    Substitution substitution = new Substitution(values, environment);
    Map<String, ConfigValue> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : values.entrySet()) {
      ConfigValue value = entry.getValue();
      try {
        List<String> parts = new ArrayList<>();
        for (String part : value.parts()) {
          parts.add(substitution.substitute(part));
        }
        resolved.put(entry.getKey(), value.withParts(parts));
      } catch (UnresolvedException e) {
        problems.add(entry.getKey() + " (from " + value.origin() + "): " + e.getMessage());
        resolved.put(entry.getKey(), value);
      }
    }
    return resolved;
  }

  private String substitute(String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder result = new StringBuilder();
    int position = 0;
    while (position < text.length()) {
      if (text.startsWith("$${", position)) {
        result.append("${");
        position += 3;
      } else if (text.startsWith("${", position)) {
        int end = text.indexOf('}', position + 2);
        if (end < 0) {
          throw new UnresolvedException(
              "cannot substitute variables: unterminated ${ (write $${ for a literal ${)");
        }
        result.append(evaluate(text.substring(position + 2, end)));
        position = end + 1;
      } else {
        result.append(text.charAt(position));
        position++;
      }
    }
    return result.toString();
  }

  private String evaluate(String expression) {
    int fallbackAt = expression.indexOf(":-");
    String name = fallbackAt < 0 ? expression : expression.substring(0, fallbackAt);
    if (!VARIABLE_NAME.matcher(name).matches()) {
      throw new UnresolvedException(
          "cannot substitute ${" + expression + "}: '" + name + "' is not a variable name");
    }
    Optional<String> value = lookup(name);
    if (value.isPresent()) {
      return value.get();
    }
    if (fallbackAt >= 0) {
      return expression.substring(fallbackAt + 2);
    }
    throw new UnresolvedException(
        "cannot resolve variable ${"
            + name
            + "}: no "
            + VARS_PREFIX
            + name
            + " in the configuration and no environment variable "
            + name);
  }

  private Optional<String> lookup(String name) {
    String cached = resolvedVariables.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    ConfigValue variable = values.get(VARS_PREFIX + name);
    if (variable == null) {
      return Optional.ofNullable(environment.get(name));
    }
    if (variable.list()) {
      throw new UnresolvedException(
          "cannot substitute ${" + name + "}: " + VARS_PREFIX + name + " is a list");
    }
    if (resolving.contains(name)) {
      List<String> chain = new ArrayList<>(resolving);
      Collections.reverse(chain);
      chain.add(name);
      throw new UnresolvedException(
          "cannot resolve variable ${"
              + name
              + "}: it refers to itself ("
              + String.join(" -> ", chain)
              + ")");
    }
    resolving.push(name);
    try {
      String resolved = substitute(variable.text());
      resolvedVariables.put(name, resolved);
      return Optional.of(resolved);
    } catch (UnresolvedException e) {
      if (e.getMessage().contains("refers to itself")) {
        throw e;
      }
      throw new UnresolvedException(
          e.getMessage() + " (used by " + VARS_PREFIX + name + " from " + variable.origin() + ")");
    } finally {
      resolving.pop();
    }
  }

  private static final class UnresolvedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnresolvedException(String message) {
      super(message);
    }
  }
}
