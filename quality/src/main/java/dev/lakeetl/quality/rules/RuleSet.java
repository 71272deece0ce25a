package dev.lakeetl.quality.rules;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of one dataset, with unique names; only row rules may have severity quarantine.
 *
 * @param rules in declaration order
 */
public record RuleSet(List<QualityRule> rules) {
  /** No rules: nothing is checked. */
  public static final RuleSet EMPTY = new RuleSet(List.of());

  public RuleSet {
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
    Set<String> names = new HashSet<>();
    for (QualityRule rule : rules) {
      if (!names.add(rule.name())) {
        throw new IllegalArgumentException(
            "Cannot declare quality rules: the name '" + rule.name() + "' is used twice");
      }
      if (rule.severity() == Severity.QUARANTINE && !(rule instanceof QualityRule.RowRule)) {
        throw new IllegalArgumentException(
            "Cannot declare quality rule '"
                + rule.name()
                + "': severity quarantine needs a rule judged row by row, and "
                + rule.type()
                + " judges the whole dataset; use warn or fail");
      }
    }
  }

  /** Whether there is nothing to check. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The row rules, in declaration order. */
  public List<QualityRule.RowRule> rowRules() {
    return rules.stream()
        .filter(QualityRule.RowRule.class::isInstance)
        .map(QualityRule.RowRule.class::cast)
        .toList();
  }

  /** This set followed by {@code other}'s rules. */
  public RuleSet plus(RuleSet other) {
    requireNonNull(other, "other is null");
    return new RuleSet(Stream.concat(rules.stream(), other.rules.stream()).toList());
  }
}
