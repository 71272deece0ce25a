package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run identifiers: sortable by start time, unique enough for concurrent runs of one job. */
public final class RunIds {
  /** What {@link #newRunId(Clock)} produces, e.g. {@code 20261123T160102Z-3f9a1c}. */
  public static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  /** A new run id {@code yyyyMMdd'T'HHmmss'Z'-<6 hex digits>} for the clock's current UTC time. */
  public static String newRunId(Clock clock) {
    requireNonNull(clock, "clock is null");
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return TIMESTAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
  }
}
