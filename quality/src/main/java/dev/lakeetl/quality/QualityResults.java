package dev.lakeetl.quality;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.report.QualityCheck;
import java.util.List;
import java.util.Optional;

/**
 * What the quality checks of one run found.
 *
 * @param rowsChecked rows the checks saw (before quarantine)
 * @param rowsQuarantined rows left out of the output because they break a quarantine rule
 * @param results one per rule, in declaration order
 */
public record QualityResults(long rowsChecked, long rowsQuarantined, List<RuleResult> results) {
  public QualityResults {
    results = List.copyOf(requireNonNull(results, "results is null"));
  }

  /** The results of fail rules that do not hold. */
  public List<RuleResult> failures() {
    return results.stream().filter(result -> result.status() == RuleStatus.FAILED).toList();
  }

  /** Whether the run may publish: no fail rule is broken. */
  public boolean publishable() {
    return failures().isEmpty();
  }

  /**
   * The error of a run stopped by fail rules, naming each with its measured value and threshold;
   * empty when the run may publish.
   */
  public Optional<String> error() {
    List<RuleResult> failures = failures();
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder error = new StringBuilder("Quality check failed, nothing published: ");
    for (int i = 0; i < failures.size(); i++) {
      error.append(i == 0 ? "" : "; ").append(failures.get(i).describe());
    }
    return Optional.of(error.toString());
  }

  /** The results as the run report shows them. */
  public List<QualityCheck> toReport() {
    return results.stream().map(RuleResult::report).toList();
  }
}
