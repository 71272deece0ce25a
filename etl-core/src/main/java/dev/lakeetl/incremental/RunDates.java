package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The days a run-date run processes: one day ({@code 2001-01-02}) or an inclusive range ({@code
 * 2001-01-01..2001-01-03}).
 *
 * @param first the first day
 * @param last the last day, equal to or after {@code first}
 */
public record RunDates(LocalDate first, LocalDate last) {
  /** Longest range one run accepts: a typo like 2001..2101 should not list a century of days. */
  public static final int MAX_DAYS = 366;

  private static final String RANGE = "..";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  public RunDates {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "Cannot select run dates " + first + ".." + last + ": the range ends before it starts");
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "Cannot select run dates "
              + first
              + ".."
              + last
              + ": "
              + days
              + " days, at most "
              + MAX_DAYS
              + " per run");
    }
  }

  /**
   * Parses {@code YYYY-MM-DD} or {@code YYYY-MM-DD..YYYY-MM-DD}.
   *
   * @throws IllegalArgumentException echoing the text when it is neither
   */
  public static RunDates parse(String text) {
    requireNonNull(text, "text is null");
    String trimmed = text.trim();
    int range = trimmed.indexOf(RANGE);
    if (range < 0) {
      LocalDate day = day(trimmed, text);
      return new RunDates(day, day);
    }
    return new RunDates(
        day(trimmed.substring(0, range), text),
        day(trimmed.substring(range + RANGE.length()), text));
  }

  private static LocalDate day(String part, String text) {
    try {
      return LocalDate.parse(part.trim(), DAY);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot parse run date '"
              + text
              + "': expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (both days included)");
    }
  }

  /** Every day from first to last. */
  public List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      days.add(day);
    }
    return List.copyOf(days);
  }

  /** Whether {@code day} is one of the run's days. */
  public boolean contains(LocalDate day) {
    requireNonNull(day, "day is null");
    return !day.isBefore(first) && !day.isAfter(last);
  }

  @Override
  public String toString() {
    return first.equals(last) ? first.toString() : first + RANGE + last;
  }
}
