package dev.lakeetl.jobs.curate;

import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of one output's quality rules ({@code output.<name>.quality.*}) against the rest of the
 * job; the rules themselves are read by the quality module, from the output's section.
 */
final class OutputQuality {
  private OutputQuality() {}

  /**
   * Problems with rules that check an output against another dataset of the job ({@code
   * reference.dataset}, DQDL {@code ReferentialIntegrity}): the dataset must be an input or a
   * transform step, whose views exist when the outputs are checked.
   */
  static List<String> unknownReferences(String output, RuleSet rules, Set<String> known) {
    List<String> problems = new ArrayList<>();
    for (QualityRule rule : rules.rules()) {
      if (rule instanceof QualityRule.References references
          && references.reference().isDataset()
          && !known.contains(references.reference().path())) {
        problems.add(
            "Cannot configure quality rule '"
                + rule.name()
                + "' of output."
                + output
                + ": reference dataset '"
                + references.reference().path()
                + "' is neither an input nor a transform step; known: "
                + known.stream().sorted().toList());
      }
    }
    return problems;
  }
}
