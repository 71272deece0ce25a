package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for writing a list as text, used by every list value ({@link ConfigKey#list} keys,
 * list attributes of named sections, lists under map sub-keys): items joined with commas, an item
 * that holds a comma or a double quote written in double quotes with inner quotes doubled, as in
 * CSV. {@code [CA, "Washington, D.C."]} in YAML becomes {@code CA,"Washington, D.C."}, which is
 * also how such a list is written on the command line.
 */
public final class ConfigLists {
  private ConfigLists() {}

  /** Joins items, quoting those that hold a comma or a double quote. */
  public static String join(List<String> items) {
    requireNonNull(items, "items is null");
    List<String> quoted = new ArrayList<>(items.size());
    for (String item : items) {
      quoted.add(
          item.indexOf(',') >= 0 || item.indexOf('"') >= 0
              ? '"' + item.replace("\"", "\"\"") + '"'
              : item);
    }
    return String.join(",", quoted);
  }

  /**
   * Splits a text written by {@link #join} (or by hand) into its items, unquoting quoted ones.
   * Unquoted items are returned as written (not trimmed); a quote inside an unquoted item is kept.
   *
   * @throws IllegalArgumentException when a quoted item is not closed
   */
  public static List<String> split(String text) {
    requireNonNull(text, "text is null");
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    int i = 0;
    while (true) {
      int start = i;
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException(
                "Cannot read list '" + text + "': a quoted item is not closed");
          }
          char c = text.charAt(i);
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            item.append('"');
            i += 2;
          } else if (c == '"') {
            i++;
            break;
          } else {
            item.append(c);
            i++;
          }
        }
        while (i < text.length() && text.charAt(i) == ' ') {
          i++;
        }
        if (i < text.length() && text.charAt(i) != ',') {
          throw new IllegalArgumentException(
              "Cannot read list '" + text + "': expected ',' after a quoted item");
        }
      } else {
        i = start;
        while (i < text.length() && text.charAt(i) != ',') {
          item.append(text.charAt(i));
          i++;
        }
      }
      items.add(item.toString());
      item.setLength(0);
      if (i >= text.length()) {
        return List.copyOf(items);
      }
      i++;
    }
  }
}
