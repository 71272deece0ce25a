package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/** How raw column names become refined column names ({@code transform.column-names}). */
public enum ColumnNaming {
  /**
   * {@code DepDelay -> dep_delay}, {@code Flight Date -> flight_date}, {@code flightID ->
   * flight_id}.
   */
  SNAKE_CASE,
  /** {@code DepDelay -> depdelay}. */
  LOWER_CASE,
  /** Names are kept exactly as they are. */
  AS_IS;

  private static final Pattern LOWER_THEN_UPPER = Pattern.compile("([\\p{Ll}\\p{N}])(\\p{Lu})");
  private static final Pattern ACRONYM_THEN_WORD = Pattern.compile("(\\p{Lu}+)(\\p{Lu}\\p{Ll})");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern EDGE_UNDERSCORES = Pattern.compile("^_+|_+$");

  /**
   * The normalised form of a column name.
   *
   * @throws IllegalArgumentException when nothing usable is left of the name
   */
  public String normalise(String name) {
    requireNonNull(name, "name is null");
    String normalised =
        switch (this) {
          case SNAKE_CASE -> snakeCase(name);
          case LOWER_CASE -> name.toLowerCase(Locale.ROOT);
          case AS_IS -> name;
        };
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot normalise column name '" + name + "': no letters or digits in it");
    }
    return normalised;
  }

  private static String snakeCase(String name) {
    String split = LOWER_THEN_UPPER.matcher(name).replaceAll("$1_$2");
    split = ACRONYM_THEN_WORD.matcher(split).replaceAll("$1_$2");
    split = SEPARATORS.matcher(split).replaceAll("_");
    return EDGE_UNDERSCORES.matcher(split).replaceAll("").toLowerCase(Locale.ROOT);
  }
}
