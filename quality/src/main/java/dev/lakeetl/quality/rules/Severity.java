package dev.lakeetl.quality.rules;

/** What a rule that does not hold does to the run. */
public enum Severity {
  /** The result is reported; the data is published as it is. */
  WARN,
  /**
   * The rows that break the rule are left out of the output and written to the quarantine location
   * with the rule name as reason. Only row-level rules can quarantine.
   */
  QUARANTINE,
  /** The run fails and nothing is published. */
  FAIL
}
