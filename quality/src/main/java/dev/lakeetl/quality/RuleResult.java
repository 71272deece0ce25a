package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.Severity;
import dev.lakeetl.report.QualityCheck;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The result of one rule.
 *
 * @param rule the rule name
 * @param type the rule type, e.g. {@code completeness}
 * @param severity its severity
 * @param status the outcome
 * @param measured the measured value (fraction of passing rows, row count, hours, percent...);
 *     empty when it could not be measured (then {@code note} says why)
 * @param threshold what the measured value must satisfy
 * @param failedRows rows that broke a row rule
 * @param note context, e.g. "no history yet"
 */
public record RuleResult(
    String rule,
    String type,
    Severity severity,
    RuleStatus status,
    OptionalDouble measured,
    String threshold,
    OptionalLong failedRows,
    Optional<String> note) {
  public RuleResult {
    requireNonNull(rule, "rule is null");
    requireNonNull(type, "type is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(status, "status is null");
    requireNonNull(measured, "measured is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(failedRows, "failedRows is null");
    requireNonNull(note, "note is null");
  }

  /** This result as the run report shows it. */
  public QualityCheck report() {
    return new QualityCheck(
        rule,
        type,
        severity.name().toLowerCase(Locale.ROOT),
        status.name(),
        measured,
        threshold,
        failedRows,
        note);
  }

  /** One line for logs and errors: rule, status, measured value and threshold. */
  public String describe() {
    StringBuilder line =
        new StringBuilder("rule '")
            .append(rule)
            .append("' (")
            .append(type)
            .append(", ")
            .append(severity.name().toLowerCase(Locale.ROOT))
            .append(") ")
            .append(status)
            .append(": measured ")
            .append(measured.isPresent() ? Condition.format(round(measured.getAsDouble())) : "none")
            .append(", threshold ")
            .append(threshold);
    failedRows.ifPresent(rows -> line.append(", ").append(rows).append(" rows failed"));
    note.ifPresent(text -> line.append(" (").append(text).append(')'));
    return line.toString();
  }

  private static double round(double value) {
    return Math.round(value * 1_000_000d) / 1_000_000d;
  }
}
