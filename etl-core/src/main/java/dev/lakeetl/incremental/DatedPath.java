package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.spark.StoragePaths;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source path with a day in it: {@code {yyyy}}, {@code {MM}} and {@code {dd}} stand for the
 * zero-padded year, month and day, e.g. {@code s3://raw/flights/{yyyy}/{MM}/{dd}} or the Hive-style
 * {@code s3://raw/flights/date={yyyy}-{MM}-{dd}}. Each placeholder appears exactly once.
 *
 * <p>A run date reads the folders of its days; a full or bookmark run reads every folder the
 * template matches, and knows each file's day from the folder it lies in.
 */
public final class DatedPath {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(yyyy|MM|dd)}");
  private static final List<String> NAMES = List.of("yyyy", "MM", "dd");

  private final String template;
  private final String root;
  private final List<Pattern> datedComponents;

  private DatedPath(String template, String root, List<Pattern> datedComponents) {
    this.template = template;
    this.root = root;
    this.datedComponents = datedComponents;
  }

  /** Whether {@code path} holds any day placeholder. */
  public static boolean isDated(String path) {
    requireNonNull(path, "path is null");
    return PLACEHOLDER.matcher(path).find();
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException unless each of {yyyy}, {MM} and {dd} appears exactly once
   */
  public static DatedPath of(String template) {
    requireNonNull(template, "template is null");
    String trimmed = StoragePaths.withoutTrailingSlash(template);
    for (String name : NAMES) {
      int count = 0;
      Matcher matcher = PLACEHOLDER.matcher(trimmed);
      while (matcher.find()) {
        count += matcher.group(1).equals(name) ? 1 : 0;
      }
      if (count != 1) {
        throw new IllegalArgumentException(
            "Cannot use dated path '"
                + template
                + "': {"
                + name
                + "} appears "
                + count
                + " times; a dated path holds each of {yyyy}, {MM} and {dd} once");
      }
    }
    // The components from the first dated one to the end: matched against listed paths.
    String[] components = trimmed.split("/", -1);
    int first = 0;
    while (!PLACEHOLDER.matcher(components[first]).find()) {
      first++;
    }
    List<Pattern> dated = new ArrayList<>();
    for (int i = first; i < components.length; i++) {
      dated.add(Pattern.compile(componentRegex(components[i])));
    }
    String root = String.join("/", Arrays.asList(components).subList(0, first));
    return new DatedPath(trimmed, root, List.copyOf(dated));
  }

  private static String componentRegex(String component) {
    StringBuilder regex = new StringBuilder();
    Matcher matcher = PLACEHOLDER.matcher(component);
    int position = 0;
    while (matcher.find()) {
      regex.append(globRegex(component.substring(position, matcher.start())));
      String name = matcher.group(1);
      regex.append("(?<").append(name.equals("yyyy") ? "y" : name.equals("MM") ? "m" : "d");
      regex.append(">").append(name.equals("yyyy") ? "\\d{4}" : "\\d{2}").append(")");
      position = matcher.end();
    }
    regex.append(globRegex(component.substring(position)));
    return regex.toString();
  }

  /** Literal text, except that the glob wildcards * and ? keep their meaning. */
  private static String globRegex(String text) {
    StringBuilder regex = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  /** The path of one day: {@code .../2001/01/02}. */
  public String forDay(LocalDate day) {
    requireNonNull(day, "day is null");
    return template
        .replace("{yyyy}", String.format(Locale.ROOT, "%04d", day.getYear()))
        .replace("{MM}", String.format(Locale.ROOT, "%02d", day.getMonthValue()))
        .replace("{dd}", String.format(Locale.ROOT, "%02d", day.getDayOfMonth()));
  }

  /** The folder above the day folders: {@code s3://raw/flights} of {@code .../{yyyy}/{MM}/{dd}}. */
  public String root() {
    return root;
  }

  /** A Hadoop glob matching the folders of every day. */
  public String anyDay() {
    return template
        .replace("{yyyy}", "[0-9][0-9][0-9][0-9]")
        .replace("{MM}", "[0-9][0-9]")
        .replace("{dd}", "[0-9][0-9]");
  }

  /**
   * The day of a listed file (or folder): found from the path components the template's dated part
   * matches, wherever they are in the full path (listed paths are qualified, {@code file:/...}).
   *
   * @return empty when no part of the path matches the template
   * @throws IllegalArgumentException when the matching folders are not a calendar day (2001/02/30)
   */
  public Optional<LocalDate> dayOf(String path) {
    requireNonNull(path, "path is null");
    String[] components = path.split("/", -1);
    int size = datedComponents.size();
    for (int start = components.length - size; start >= 0; start--) {
      Integer year = null;
      Integer month = null;
      Integer day = null;
      boolean matches = true;
      for (int i = 0; i < size && matches; i++) {
        Matcher matcher = datedComponents.get(i).matcher(components[start + i]);
        matches = matcher.matches();
        if (matches) {
          year = group(matcher, "y", year);
          month = group(matcher, "m", month);
          day = group(matcher, "d", day);
        }
      }
      if (matches) {
        try {
          return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
          throw new IllegalArgumentException(
              "Cannot read dated path '"
                  + path
                  + "': it matches source.path '"
                  + template
                  + "' but is not a calendar day: "
                  + e.getMessage(),
              e);
        }
      }
    }
    return Optional.empty();
  }

  private static Integer group(Matcher matcher, String name, Integer found) {
    try {
      String value = matcher.group(name);
      return value == null ? found : Integer.valueOf(value);
    } catch (IllegalArgumentException noSuchGroup) {
      return found;
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
