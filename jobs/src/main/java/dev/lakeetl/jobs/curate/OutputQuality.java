package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.Settings;
import dev.lakeetl.quality.QualityConfig;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the quality rules of one output, {@code output.<name>.quality.*}: the keys of {@link
 * QualityKeys} (rules, DQDL, severities, history and staging paths) under the output, parsed by the
 * quality module itself, with every problem named by its full key.
 */
final class OutputQuality {
  static final String GROUP = "quality";

  private OutputQuality() {}

  /**
   * The output's quality configuration; history and staging default to folders under {@code path},
   * the history is keyed by the output name.
   */
  static QualityConfig read(Sections.Section section, String path, List<String> problems) {
    requireNonNull(section, "section is null");
    requireNonNull(path, "path is null");
    requireNonNull(problems, "problems is null");
    Map<String, String> keys = new TreeMap<>();
    section.nested(GROUP).forEach((key, value) -> keys.put(GROUP + "." + key, value));
    String prefix = section.key("");
    try {
      return QualityConfig.from(Settings.of(QualityKeys.SCHEMA, keys), section.name(), path);
    } catch (ConfigException e) {
      for (String problem : e.problems()) {
        problems.add(prefix + problem);
      }
      return QualityConfig.from(Settings.of(QualityKeys.SCHEMA, Map.of()), section.name(), path);
    }
  }

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
