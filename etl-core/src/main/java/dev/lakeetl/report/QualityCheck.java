package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The result of one data-quality rule, as the run report shows it.
 *
 * @param rule rule name
 * @param type rule type, e.g. {@code completeness}
 * @param severity warn, quarantine or fail
 * @param status PASSED, WARNED, QUARANTINED or FAILED
 * @param measured the measured value, if it could be measured
 * @param threshold what the measured value must satisfy, e.g. {@code >= 0.99}
 * @param failedRows rows that broke a row-level rule
 * @param note context, e.g. "no history yet"
 */
public record QualityCheck(
    String rule,
    String type,
    String severity,
    String status,
    OptionalDouble measured,
    String threshold,
    OptionalLong failedRows,
    Optional<String> note) {
  public QualityCheck {
    requireNonNull(rule, "rule is null");
    requireNonNull(type, "type is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(status, "status is null");
    requireNonNull(measured, "measured is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(failedRows, "failedRows is null");
    requireNonNull(note, "note is null");
  }

  /**
   * This check with its rule named {@code <scope>/<rule>}, e.g. {@code route_daily_delays/rows} for
   * the rule of one of a run's several outputs.
   */
  public QualityCheck scopedTo(String scope) {
    requireNonNull(scope, "scope is null");
    return new QualityCheck(
        scope + "/" + rule, type, severity, status, measured, threshold, failedRows, note);
  }
}
