package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigSections.Names;
import dev.lakeetl.io.SourceFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSectionsTest {
  private static final ConfigKey<Map<String, String>> INPUT = ConfigKey.map("input");
  private static final ConfigKey<String> PATH =
      ConfigKey.string("path").required().description("File or folder to read");
  private static final ConfigKey<SourceFormat> FORMAT =
      ConfigKey.enumeration("format", SourceFormat.class).withDefault(SourceFormat.PARQUET);
  private static final ConfigKey<Long> LIMIT =
      ConfigKey.longInteger("limit").withDefault(10L).check(value -> value > 0, "positive");
  private static final ConfigKey<List<String>> COLUMNS =
      ConfigKey.list("columns").withDefault(List.of());
  private static final ConfigKey<Map<String, String>> OPTIONS = ConfigKey.map("options");
  private static final ConfigSchema ATTRIBUTES =
      ConfigSchema.of(PATH, FORMAT, LIMIT, COLUMNS, OPTIONS);
  private static final ConfigSchema SCHEMA = ConfigSchema.of(INPUT);

  private static Map<String, ConfigSection> sections(
      Map<String, String> values, List<String> problems) {
    return ConfigSections.read(Settings.of(SCHEMA, values), INPUT, Names.SQL_IDENTIFIER, problems);
  }

  @Test
  void splitsSubKeysIntoTypedSectionsByName() {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigSection> sections =
        sections(
            Map.of(
                "input.flights.path", "refined/flights",
                "input.flights.columns", "origin, \"a, b\",,dest",
                "input.flights.options.header", "true",
                "input.airports.path", "raw/airports",
                "input.airports.format", "CSV",
                "input.airports.limit", "5"),
            problems);

    assertThat(sections).containsOnlyKeys("airports", "flights");
    assertThat(sections.keySet()).containsExactly("airports", "flights");
    Settings flights = sections.get("flights").read(ATTRIBUTES, problems).orElseThrow();
    Settings airports = sections.get("airports").read(ATTRIBUTES, problems).orElseThrow();
    assertThat(problems).isEmpty();
    assertThat(flights.get(PATH)).isEqualTo("refined/flights");
    assertThat(flights.get(FORMAT)).isEqualTo(SourceFormat.PARQUET);
    assertThat(flights.get(COLUMNS)).containsExactly("origin", "a, b", "dest");
    assertThat(flights.get(OPTIONS)).isEqualTo(Map.of("header", "true"));
    assertThat(flights.fullName("path")).isEqualTo("input.flights.path");
    assertThat(airports.get(FORMAT)).isEqualTo(SourceFormat.CSV);
    assertThat(airports.get(LIMIT)).isEqualTo(5L);
    assertThat(airports.get(COLUMNS)).isEmpty();
    assertThat(sections.get("airports").key("path")).isEqualTo("input.airports.path");
    assertThat(sections.get("airports").has("format")).isTrue();
    assertThat(sections.get("airports").has("options")).isFalse();
    assertThat(sections.get("flights").has("options")).isTrue();
  }

  @Test
  void reportsEveryProblemOfEverySectionWithItsFullKey() {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigSection> sections =
        sections(
            Map.of(
                "input.flights.pth", "refined/flights",
                "input.flights.format", "xml",
                "input.airports.path", "raw/airports",
                "input.airports.limit", "-1",
                "input.bad-name.path", "x",
                "input.lonely", "x"),
            problems);
    assertThat(sections.get("flights").read(ATTRIBUTES, problems)).isEmpty();
    assertThat(sections.get("airports").read(ATTRIBUTES, problems)).isEmpty();
    assertThat(sections.get("bad-name").read(ATTRIBUTES, problems)).isPresent();

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "input.lonely (from given value): 'x' is a single value, expected attributes like"
                + " input.lonely.<attribute>",
            "input.bad-name: 'bad-name' is not a valid name; use letters, digits and _ (a SQL"
                + " identifier)",
            "input.airports.limit (from given value): '-1' is not positive",
            "input.flights.pth (from given value): unknown attribute, did you mean 'path'?;"
                + " expected columns, format, limit, options.*, path",
            "input.flights.format (from given value): 'xml' is not one of json, csv, parquet",
            "input.flights.path: missing required attribute (File or folder to read)");
  }

  @Test
  void sectionsInsideASectionNameTheirWholeKey() {
    ConfigKey<Map<String, String>> rules = ConfigKey.map("quality.rules");
    ConfigKey<String> type = ConfigKey.string("type").required();
    ConfigKey<Double> min = ConfigKey.number("min");
    List<String> problems = new ArrayList<>();
    Settings output =
        sections(
                Map.of(
                    "input.routes.path", "curated/routes",
                    "input.routes.quality.rules.delay.type", "range",
                    "input.routes.quality.rules.delay.min", "low"),
                problems)
            .get("routes")
            .read(ATTRIBUTES.plus(ConfigSchema.of(rules)), problems)
            .orElseThrow();
    ConfigSection delay =
        ConfigSections.read(output, rules, Names.KEY_SEGMENT, problems).get("delay");

    assertThat(delay.value(type, problems)).contains("range");
    assertThat(problems).isEmpty();
    assertThat(delay.read(ConfigSchema.of(type, min), problems)).isEmpty();
    assertThat(problems)
        .containsExactly(
            "input.routes.quality.rules.delay.min (from given value): 'low' is not a number");
  }

  @Test
  void oneAttributeIsReadAloneWithoutCheckingTheOthers() {
    List<String> problems = new ArrayList<>();
    ConfigSection flights =
        sections(Map.of("input.flights.format", "csv", "input.flights.other", "x"), problems)
            .get("flights");

    assertThat(flights.value(FORMAT, problems)).contains(SourceFormat.CSV);
    assertThat(flights.value(LIMIT, problems)).contains(10L);
    assertThat(flights.value(ConfigKey.string("other"), problems)).contains("x");
    assertThat(flights.value(ConfigKey.string("schema"), problems)).isEqualTo(Optional.empty());
    assertThat(problems).isEmpty();
    assertThat(flights.value(PATH, problems)).isEmpty();
    assertThat(problems)
        .containsExactly("input.flights.path: missing required attribute (File or folder to read)");
  }

  @Test
  void aSectionIsCheckedAgainstOnlyItsSchema() {
    List<String> problems = new ArrayList<>();
    assertThatThrownBy(
            () ->
                ConfigSections.read(
                    Settings.of(SCHEMA, Map.of()),
                    ConfigKey.map("output"),
                    Names.SQL_IDENTIFIER,
                    problems))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output");
  }
}
