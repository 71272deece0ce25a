package dev.lakeetl.streaming.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.RuleResult;
import dev.lakeetl.quality.RuleStatus;
import java.util.Locale;

/**
 * What one quality rule found over the micro-batches this process checked.
 *
 * @param rule the rule's name
 * @param type the rule type, e.g. {@code completeness}
 * @param severity warn, quarantine or fail
 * @param batches micro-batches checked
 * @param brokenBatches micro-batches in which the rule did not hold
 * @param failedRows rows that broke the rule (row rules only; 0 otherwise)
 */
public record RuleTally(
    String rule, String type, String severity, long batches, long brokenBatches, long failedRows) {
  public RuleTally {
    requireNonNull(rule, "rule is null");
    requireNonNull(type, "type is null");
    requireNonNull(severity, "severity is null");
  }

  /** A rule before its first batch. */
  static RuleTally of(RuleResult result) {
    return new RuleTally(
        result.rule(), result.type(), result.severity().name().toLowerCase(Locale.ROOT), 0, 0, 0);
  }

  /** This tally with one more batch's result. */
  RuleTally plus(RuleResult result) {
    return new RuleTally(
        rule,
        type,
        severity,
        batches + 1,
        brokenBatches + (result.status() == RuleStatus.PASSED ? 0 : 1),
        failedRows + result.failedRows().orElse(0));
  }
}
