package dev.lakeetl.jobs.refine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Patterns for reading TIMESTAMP and DATE columns from text ({@code source.timestamp-format},
 * {@code source.date-format}); empty means Spark's default ISO-8601 parsing.
 */
public record TemporalFormats(Optional<String> timestampFormat, Optional<String> dateFormat) {
  public static final TemporalFormats DEFAULT =
      new TemporalFormats(Optional.empty(), Optional.empty());

  public TemporalFormats {
    requireNonNull(timestampFormat, "timestampFormat is null");
    requireNonNull(dateFormat, "dateFormat is null");
  }
}
