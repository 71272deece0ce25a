package dev.lakeetl.docs;

import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.deploy.DeployKeys;
import dev.lakeetl.incremental.IncrementalKeys;
import dev.lakeetl.jobs.curate.CurateKeys;
import dev.lakeetl.jobs.refine.RefineKeys;
import dev.lakeetl.notify.NotifyKeys;
import dev.lakeetl.quality.QualityKeys;
import dev.lakeetl.quality.rules.RuleParameters;
import dev.lakeetl.streaming.StreamingKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates the key reference of {@code docs/configuration.md} from the key declarations: one table
 * of every key of each schema, and a table of which of those sections each job reads. Only the
 * regions between {@code <!-- generated: NAME -->} and {@code <!-- end generated -->} are
 * rewritten; the prose around them is left as it is. Each region sits under the heading {@code
 * NAME}, so the keys-by-job table can link to it.
 *
 * <p>To document another schema, add a line to {@link #SECTIONS} and an empty region under a
 * heading of that title where the table belongs.
 */
final class ConfigurationReference {
  /** The region listing, for each section, the keys each job reads from it. */
  static final String KEYS_BY_JOB = "Keys by job";

  /** Every key table of the reference, in document order. */
  static final List<Section> SECTIONS =
      List.of(
          new Section("Base keys", CoreKeys.BASE),
          new Section("Source keys", CoreKeys.SOURCE),
          new Section("Target keys", CoreKeys.TARGET),
          new Section("Lease keys", CoreKeys.LEASE),
          new Section("Catalog keys", CoreKeys.CATALOG),
          new Section("Incremental keys", IncrementalKeys.SCHEMA),
          new Section("Notification keys", NotifyKeys.SCHEMA),
          new Section("Quality keys", QualityKeys.SCHEMA),
          new Section("raw-to-refined keys", RefineKeys.OWN),
          new Section("refined-to-curated keys", CurateKeys.OWN),
          new Section("Streaming job keys", StreamingKeys.OWN),
          new Section("Deployment keys", DeployKeys.SCHEMA),
          new Section("Curated input attributes", CurateKeys.INPUT_ATTRIBUTES, "input.<name>."),
          new Section(
              "Curated transform attributes", CurateKeys.TRANSFORM_ATTRIBUTES, "transform.<name>."),
          new Section("Curated output attributes", CurateKeys.OUTPUT_ATTRIBUTES, "output.<name>."),
          new Section("Quality rule parameters", RuleParameters.ALL, "quality.rules.<rule>."));

  /** Every job with all the keys it accepts: the columns of the keys-by-job table. */
  static final List<Job> JOBS =
      List.of(
          new Job("raw-to-refined", RefineKeys.SCHEMA),
          new Job("refined-to-curated", CurateKeys.SCHEMA),
          new Job("streaming", StreamingKeys.SCHEMA));

  private static final Pattern START = Pattern.compile("<!-- generated: (.+) -->");
  private static final String END = "<!-- end generated -->";
  private static final Pattern HEADING = Pattern.compile("#+ (.+)");

  private ConfigurationReference() {}

  /**
   * A titled table of the reference: every key of {@code schema}, each shown with {@code prefix}
   * (the attributes of a named section are declared without it: {@code path} is shown as {@code
   * input.<name>.path}).
   */
  record Section(String title, ConfigSchema schema, String prefix) {
    Section(String title, ConfigSchema schema) {
      this(title, schema, "");
    }
  }

  /** A job and every key it accepts. */
  record Job(String name, ConfigSchema schema) {}

  /** {@code document} (the text of docs/configuration.md) with every generated region rewritten. */
  static String regenerate(String document) {
    Map<String, String> regions = new LinkedHashMap<>();
    // A named section's attributes are read under its map key, which the job tables list.
    List<Section> keySections =
        SECTIONS.stream().filter(section -> section.prefix().isEmpty()).toList();
    regions.put(KEYS_BY_JOB, keysByJob(keySections, JOBS));
    for (Section section : SECTIONS) {
      regions.put(section.title(), table(section.schema(), section.prefix()));
    }
    return replaceRegions(document, regions);
  }

  /**
   * The markdown table of every key of {@code schema}: name ({@code prefix.*} for maps), type
   * (secret marked), default as a user writes it, and description.
   */
  static String table(ConfigSchema schema) {
    return table(schema, "");
  }

  /** The table of {@code schema}, each key shown with {@code prefix}. */
  static String table(ConfigSchema schema, String prefix) {
    StringJoiner table = new StringJoiner("\n", "", "\n");
    table.add("| Key | Type | Default | Description |");
    table.add("|---|---|---|---|");
    for (ConfigKey<?> key : schema.keys()) {
      String type = key.typeName() + (key.isSecret() ? ", secret" : "");
      String defaultValue;
      if (key.isRequired()) {
        defaultValue = "required";
      } else if (key.isMap()) {
        defaultValue = "empty";
      } else {
        defaultValue =
            key.defaultValue().map(value -> "`" + key.format(value) + "`").orElse("unset");
      }
      table.add(row("`" + prefix + displayName(key) + "`", type, defaultValue, key.description()));
    }
    return table.toString();
  }

  /**
   * The table of which keys of each section each job reads: {@code all}, {@code none} or the keys
   * it reads. Sections no job reads are left out.
   *
   * @throws IllegalStateException when a job accepts a key that no section documents
   */
  static String keysByJob(List<Section> sections, List<Job> jobs) {
    for (Job job : jobs) {
      for (ConfigKey<?> key : job.schema().keys()) {
        if (sections.stream().noneMatch(section -> declares(section.schema(), key))) {
          throw new IllegalStateException(
              "Cannot generate the key reference: "
                  + job.name()
                  + " accepts "
                  + displayName(key)
                  + ", which no section documents; add its schema to"
                  + " ConfigurationReference.SECTIONS");
        }
      }
    }
    StringJoiner table = new StringJoiner("\n", "", "\n");
    List<String> header = new ArrayList<>(List.of("Section"));
    jobs.forEach(job -> header.add(job.name()));
    table.add(row(header.toArray(String[]::new)));
    table.add("|---".repeat(header.size()) + "|");
    for (Section section : sections) {
      List<String> cells = new ArrayList<>();
      cells.add("[" + section.title() + "](#" + anchor(section.title()) + ")");
      for (Job job : jobs) {
        List<ConfigKey<?>> read =
            section.schema().keys().stream()
                .filter(key -> declares(job.schema(), key))
                .collect(Collectors.toList());
        if (read.isEmpty()) {
          cells.add("none");
        } else if (read.size() == section.schema().keys().size()) {
          cells.add("all");
        } else {
          cells.add(
              read.stream()
                  .map(key -> "`" + displayName(key) + "`")
                  .collect(Collectors.joining(", ")));
        }
      }
      if (cells.stream().skip(1).anyMatch(cell -> !cell.equals("none"))) {
        table.add(row(cells.toArray(String[]::new)));
      }
    }
    return table.toString();
  }

  /**
   * {@code document} with the lines between each {@code <!-- generated: NAME -->} and the next
   * {@code <!-- end generated -->} replaced by {@code regions.get(NAME)}.
   *
   * @throws IllegalStateException when a region is unknown, unterminated, given twice, missing, or
   *     not under a heading named like it
   */
  static String replaceRegions(String document, Map<String, String> regions) {
    String[] lines = document.split("\n", -1);
    StringJoiner result = new StringJoiner("\n");
    Set<String> written = new HashSet<>();
    String heading = null;
    boolean inCode = false;
    for (int index = 0; index < lines.length; index++) {
      String line = lines[index];
      result.add(line);
      if (line.startsWith("```")) {
        inCode = !inCode;
      }
      Matcher headingLine = HEADING.matcher(line);
      if (!inCode && headingLine.matches()) {
        heading = headingLine.group(1).trim();
      }
      Matcher start = START.matcher(line.trim());
      if (inCode || !start.matches()) {
        continue;
      }
      String name = start.group(1).trim();
      if (!regions.containsKey(name)) {
        throw new IllegalStateException(
            "Cannot generate the key reference: line "
                + (index + 1)
                + " starts region '"
                + name
                + "', which is none of "
                + regions.keySet());
      }
      if (!name.equals(heading)) {
        throw new IllegalStateException(
            "Cannot generate the key reference: region '"
                + name
                + "' (line "
                + (index + 1)
                + ") must sit under a heading '"
                + name
                + "', not '"
                + heading
                + "'");
      }
      if (!written.add(name)) {
        throw new IllegalStateException(
            "Cannot generate the key reference: region '" + name + "' is there twice");
      }
      int end = index + 1;
      while (end < lines.length && !lines[end].trim().equals(END)) {
        end++;
      }
      if (end == lines.length) {
        throw new IllegalStateException(
            "Cannot generate the key reference: region '"
                + name
                + "' (line "
                + (index + 1)
                + ") has no "
                + END);
      }
      result.add(regions.get(name) + lines[end]);
      index = end;
    }
    Set<String> missing = new HashSet<>(regions.keySet());
    missing.removeAll(written);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Cannot generate the key reference: no region for "
              + missing.stream().sorted().collect(Collectors.toList())
              + "; add <!-- generated: NAME --> and "
              + END
              + " under a heading NAME where each table belongs");
    }
    return result.toString();
  }

  /** Whether {@code schema} holds this very declaration (a re-declared key is another key). */
  private static boolean declares(ConfigSchema schema, ConfigKey<?> key) {
    return schema.key(key.name()).filter(declared -> declared == key).isPresent();
  }

  private static String displayName(ConfigKey<?> key) {
    return key.isMap() ? key.name() + ".*" : key.name();
  }

  /** The link target markdown renderers give a heading: lower case, spaces as dashes. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static String row(String... cells) {
    StringJoiner row = new StringJoiner(" | ", "| ", " |");
    for (String cell : cells) {
      row.add(cell.replace("|", "\\|"));
    }
    return row.toString();
  }
}
