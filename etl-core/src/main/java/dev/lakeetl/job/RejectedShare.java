package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.Ratio;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code quarantine.max-ratio} check of a batch run: a run that rejected a larger share of its
 * rows than the limit allows publishes nothing. Called once the quarantine is written, so that the
 * user can see why, and before anything is published.
 *
 * @param subject what the counts are about, starting the reason: {@code Rejected} or {@code
 *     output.daily: quarantined}
 * @param counted what the whole is, after the numbers: {@code records read}
 * @param rejected one rejected item, for the quarantine's description: {@code rejected record}
 */
public record RejectedShare(String subject, String counted, String rejected) {
  /** The records a raw-to-refined run read and rejected. */
  public static final RejectedShare RECORDS_READ =
      new RejectedShare("Rejected", "records read", "rejected record");

  public RejectedShare {
    requireNonNull(subject, "subject is null");
    requireNonNull(counted, "counted is null");
    requireNonNull(rejected, "rejected is null");
  }

  /** The rows a named output produced and quarantined. */
  public static RejectedShare output(String name) {
    requireNonNull(name, "name is null");
    return new RejectedShare("output." + name + ": quarantined", "rows", "quarantined row");
  }

  /**
   * Why {@code rejected} of {@code total} is more than {@code limit} allows, in one line naming the
   * counts, the limit and the quarantine folder; empty when it is not, or when the limit is off.
   */
  public Optional<String> exceeded(
      Optional<Ratio> limit, long rejectedRows, long total, String quarantineFolder) {
    requireNonNull(limit, "limit is null");
    requireNonNull(quarantineFolder, "quarantineFolder is null");
    if (limit.isEmpty() || !limit.get().isExceededBy(rejectedRows, total)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "%s %,d of %,d %s (%s), more than %s %s: nothing published; every %s is in %s with"
                + " its reason. Fix the input, or raise %s (off turns the check off) to publish"
                + " the rest",
            subject,
            rejectedRows,
            total,
            counted,
            Ratio.percent(rejectedRows, total),
            CoreKeys.QUARANTINE_MAX_RATIO.name(),
            limit.get(),
            rejected,
            quarantineFolder,
            CoreKeys.QUARANTINE_MAX_RATIO.name()));
  }
}
