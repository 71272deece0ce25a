package dev.lakeetl.streaming.decode;

import static java.util.Objects.requireNonNull;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Parses log lines with a Grok pattern (the standard pattern library plus custom patterns) into the
 * text of its named captures. Serializable: executors compile the pattern once per JVM.
 */
public final class GrokParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String pattern;
  private final Map<String, String> customPatterns;
  private transient Grok grok;

  /**
   * Compiles the pattern once to check it.
   *
   * @throws IllegalArgumentException naming decode.grok.pattern when it does not compile or has no
   *     named capture
   */
  public GrokParser(String pattern, Map<String, String> customPatterns) {
    this.pattern = requireNonNull(pattern, "pattern is null");
    this.customPatterns = Map.copyOf(requireNonNull(customPatterns, "customPatterns is null"));
    if (fields().isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot use decode.grok.pattern '"
              + pattern
              + "': it names no field; write captures as %{PATTERN:field}");
    }
  }

  /** The names of the pattern's captures, sorted. */
  public List<String> fields() {
    Grok compiled = grok();
    TreeSet<String> names = new TreeSet<>();
    // namedGroups holds the regex group ids (name0...); the collection maps them to field names.
    for (String group : compiled.namedGroups) {
      String name = compiled.getNamedRegexCollectionById(group);
      names.add(name == null ? group : name);
    }
    return List.copyOf(names);
  }

  /** The captures of a matching line as text; null when the line does not match. */
  public Map<String, String> parse(String line) {
    if (line == null) {
      return null;
    }
    Match match = grok().match(line);
    Map<String, Object> captures = match.capture();
    if (captures.isEmpty()) {
      return null;
    }
    Map<String, String> text = new HashMap<>();
    captures.forEach(
        (name, value) -> {
          if (value instanceof List) {
            // A name captured twice: keep the first value, like most Grok implementations.
            List<?> values = (List<?>) value;
            value = values.isEmpty() ? null : values.get(0);
          }
          text.put(name, value == null ? null : value.toString());
        });
    return text;
  }

  private Grok grok() {
    if (grok == null) {
      try {
        GrokCompiler compiler = GrokCompiler.newInstance();
        compiler.registerDefaultPatterns();
        compiler.register(customPatterns);
        grok = compiler.compile(pattern, true);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "Cannot compile decode.grok.pattern '" + pattern + "': " + e.getMessage(), e);
      }
    }
    return grok;
  }
}
