package dev.lakeetl.quality;

/** The outcome of one rule in one run. */
public enum RuleStatus {
  /** The rule holds. */
  PASSED,
  /** A warn rule does not hold; the data was published. */
  WARNED,
  /** A quarantine rule found rows that break it; they were left out of the output. */
  QUARANTINED,
  /** A fail rule does not hold; nothing is published. */
  FAILED
}
