package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.spark.SparkRuntime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  private static final ConfigKey<SparkRuntime> PLATFORM =
      ConfigKey.enumeration("deploy.platform", SparkRuntime.class);
  private static final ConfigKey<List<String>> COLUMNS = ConfigKey.list("dedup.columns");
  private static final ConfigKey<Map<String, String>> TAGS = ConfigKey.map("deploy.tags");
  private static final ConfigKey<Long> LIMIT = ConfigKey.longInteger("deploy.limit");
  private static final ConfigKey<Boolean> DRY_RUN =
      ConfigKey.bool("deploy.dry-run").withDefault(false);
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(PLATFORM, COLUMNS, TAGS, LIMIT, DRY_RUN);

  @Test
  void typesValues() {
    Settings settings =
        Settings.of(
            SCHEMA,
            Map.of(
                "deploy.platform", " EMR-Serverless ",
                "dedup.columns", " id, ,name ,",
                "deploy.tags.team", "flights",
                "deploy.tags.cost.center", "42",
                "deploy.limit", "9000000000",
                "deploy.dry-run", "TRUE"));
    assertThat(settings.get(PLATFORM)).isEqualTo(SparkRuntime.EMR_SERVERLESS);
    assertThat(settings.get(COLUMNS)).containsExactly("id", "name");
    assertThat(settings.get(TAGS)).isEqualTo(Map.of("team", "flights", "cost.center", "42"));
    assertThat(settings.get(LIMIT)).isEqualTo(9_000_000_000L);
    assertThat(settings.get(DRY_RUN)).isTrue();
    assertThat(settings.describe())
        .containsExactly(
            "dedup.columns = [id, name]  (given value)",
            "deploy.dry-run = true  (given value)",
            "deploy.limit = 9000000000  (given value)",
            "deploy.platform = emr-serverless  (given value)",
            "deploy.tags.cost.center = 42  (given value)",
            "deploy.tags.team = flights  (given value)");
  }

  @Test
  void listTextIsSplitLikeCsvAndYamlListsStayAsTheyAre() {
    assertThat(
            Settings.of(SCHEMA, Map.of("dedup.columns", "CA, \"Washington, D.C.\" ,,NY"))
                .get(COLUMNS))
        .containsExactly("CA", "Washington, D.C.", "NY");
    assertThatThrownBy(() -> Settings.of(SCHEMA, Map.of("dedup.columns", "a,\"b")))
        .hasMessageContaining(
            "dedup.columns (from given value): 'a,\"b' is not a list: a quoted item is not closed");
  }

  @Test
  void durationsAreWrittenWithAUnit() {
    ConfigKey<Duration> wait = ConfigKey.duration("lease.wait").withDefault(Duration.ofMinutes(4));
    ConfigSchema schema = ConfigSchema.of(wait);

    assertThat(Settings.of(schema, Map.of()).get(wait)).isEqualTo(Duration.ofMinutes(4));
    assertThat(Settings.of(schema, Map.of("lease.wait", "90s")).get(wait))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.of(schema, Map.of("lease.wait", "2 hours")).get(wait))
        .isEqualTo(Duration.ofHours(2));
    assertThat(Settings.of(schema, Map.of("lease.wait", "250ms")).get(wait))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.of(schema, Map.of("lease.wait", "0s")).get(wait)).isZero();
    assertThat(Settings.of(schema, Map.of("lease.wait", "PT36H")).get(wait))
        .isEqualTo(Duration.ofHours(36));
    assertThatThrownBy(() -> Settings.of(schema, Map.of("lease.wait", "-PT1H")))
        .isInstanceOf(ConfigException.class);
    assertThat(Settings.of(schema, Map.of()).describe())
        .containsExactly("lease.wait = 4m  (default)");
    assertThat(wait.typeName()).isEqualTo("duration");
    assertThatThrownBy(() -> Settings.of(schema, Map.of("lease.wait", "4")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lease.wait")
        .hasMessageContaining("a duration like 30s, 5m or 2h");
  }

  @Test
  void aRenamedKeyNamesItsNewNameAndValue() {
    ConfigKey<Duration> retention =
        ConfigKey.duration("quality.staging-retention")
            .withDefault(Duration.ofHours(24))
            .formerly("quality.staging-retention-hours", "h");
    ConfigKey<Duration> timeout =
        ConfigKey.duration("notify.slack.timeout").formerly("notify.slack.timeout-seconds", "s");
    ConfigSchema schema = ConfigSchema.of(retention, timeout);

    assertThatThrownBy(
            () ->
                Settings.of(
                    schema,
                    Map.of(
                        "quality.staging-retention-hours", "48",
                        "notify.slack.timeout-seconds", "ten")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "quality.staging-retention-hours (from given value): renamed to"
                + " quality.staging-retention; write quality.staging-retention: 48h")
        .hasMessageContaining(
            "notify.slack.timeout-seconds (from given value): renamed to"
                + " notify.slack.timeout; write notify.slack.timeout: ten");
    assertThat(Settings.of(schema, Map.of("quality.staging-retention", "48h")).get(retention))
        .isEqualTo(Duration.ofHours(48));
  }

  @Test
  void positiveRefusesZeroAndBelowForNumbersAndDurations() {
    ConfigKey<Integer> batch = ConfigKey.integer("x.batch").positive();
    ConfigKey<Long> limit = ConfigKey.longInteger("x.limit").positive();
    ConfigKey<Double> factor = ConfigKey.number("x.factor").positive();
    ConfigKey<Duration> timeout = ConfigKey.duration("x.timeout").positive();
    ConfigSchema schema = ConfigSchema.of(batch, limit, factor, timeout);

    Settings settings =
        Settings.of(
            schema,
            Map.of("x.batch", "1", "x.limit", "9000000000", "x.factor", "0.5", "x.timeout", "1ms"));
    assertThat(settings.get(batch)).isEqualTo(1);
    assertThat(settings.get(limit)).isEqualTo(9_000_000_000L);
    assertThat(settings.get(factor)).isEqualTo(0.5);
    assertThat(settings.get(timeout)).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(
            () ->
                Settings.of(
                    schema,
                    Map.of("x.batch", "0", "x.limit", "-1", "x.factor", "0", "x.timeout", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x.batch (from given value): '0' is not a positive number")
        .hasMessageContaining("x.limit (from given value): '-1' is not a positive number")
        .hasMessageContaining("x.factor (from given value): '0' is not a positive number")
        .hasMessageContaining("x.timeout (from given value): '0s' is not a positive duration");
    assertThatThrownBy(() -> ConfigKey.string("x.name").positive())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot require x.name to be positive: the key is string");
  }

  @Test
  void aKeyUnderAnotherNameKeepsItsContractButNotItsFormerName() {
    ConfigKey<Duration> original =
        ConfigKey.duration("a.timeout")
            .withDefault(Duration.ofSeconds(10))
            .positive()
            .formerly("a.timeout-seconds", "s")
            .description("Timeout");
    ConfigKey<Duration> copy = original.withName("b.timeout");

    assertThat(copy.name()).isEqualTo("b.timeout");
    assertThat(copy.typeName()).isEqualTo("duration");
    assertThat(copy.defaultValue()).contains(Duration.ofSeconds(10));
    assertThat(ConfigKey.string("a.token").secret().withName("b.token").isSecret()).isTrue();
    assertThat(copy.description()).isEqualTo("Timeout");
    assertThat(copy.formerName()).isEmpty();
    assertThat(original.name()).isEqualTo("a.timeout");
    assertThat(original.formerName()).contains("a.timeout-seconds");
    assertThatThrownBy(() -> Settings.of(ConfigSchema.of(copy), Map.of("b.timeout", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("b.timeout (from given value): '0s' is not a positive duration");
    assertThatThrownBy(() -> original.withName("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot declare config key 'Bad Name': expected dotted kebab-case like source.path");
  }

  @Test
  void defaultsAndAbsentValues() {
    Settings settings = Settings.of(SCHEMA, Map.of());
    assertThat(settings.get(DRY_RUN)).isFalse();
    assertThat(settings.get(TAGS)).isEmpty();
    assertThat(settings.find(LIMIT)).isEmpty();
    assertThatThrownBy(() -> settings.get(LIMIT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot get deploy.limit: no value is configured and it has no default");
    assertThat(settings.describe()).containsExactly("deploy.dry-run = false  (default)");
  }

  @Test
  void gettingAnUndeclaredKeyIsAProgrammingError() {
    Settings settings = Settings.of(SCHEMA, Map.of());
    assertThatThrownBy(() -> settings.get(ConfigKey.string("deploy.other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot get deploy.other: the key is not declared as string in the job's config schema");
    assertThatThrownBy(() -> settings.get(ConfigKey.string("deploy.limit")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapPrefixWithoutSubKeyIsAnError() {
    assertThatThrownBy(() -> Settings.of(SCHEMA, Map.of("deploy.tags", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "deploy.tags (from given value): is a single value, expected sub-keys like"
                + " deploy.tags.<name>");
  }

  @Test
  void requiredMapNeedsOneSubKey() {
    ConfigSchema schema = ConfigSchema.of(ConfigKey.map("deploy.tags").required());
    assertThatThrownBy(() -> Settings.of(schema, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deploy.tags: missing required key");
    assertThat(Settings.of(schema, Map.of("deploy.tags.a", "1")).keyNames())
        .containsExactly("deploy.tags.a");
  }

  @Test
  void blankRequiredValueCountsAsMissing() {
    ConfigSchema schema = ConfigSchema.of(ConfigKey.string("deploy.name").required());
    assertThatThrownBy(() -> Settings.of(schema, Map.of("deploy.name", "  ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deploy.name: missing required key");
  }

  @Test
  void keyDeclarationIsValidated() {
    assertThatThrownBy(() -> ConfigKey.string("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot declare config key 'Bad Name': expected dotted kebab-case like source.path");
    assertThatThrownBy(() -> ConfigKey.string("vars.lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vars.* is reserved");
    assertThatThrownBy(() -> ConfigKey.string("a.b").withDefault("x").required())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot make a.b required: the key has a default value");
    assertThatThrownBy(() -> ConfigKey.string("a.b").required().withDefault("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot set a default for a.b: the key is required");
  }

  @Test
  void keysAreImmutable() {
    ConfigKey<String> plain = ConfigKey.string("a.b");
    ConfigKey<String> decorated = plain.withDefault("x").secret().description("text");
    assertThat(plain.defaultValue()).isEmpty();
    assertThat(plain.isSecret()).isFalse();
    assertThat(plain.description()).isEmpty();
    assertThat(decorated.defaultValue()).contains("x");
    assertThat(decorated.isSecret()).isTrue();
    assertThat(decorated.description()).isEqualTo("text");

    List<String> mutable = new java.util.ArrayList<>(List.of("a"));
    ConfigKey<List<String>> listKey = ConfigKey.list("a.c").withDefault(mutable);
    mutable.add("b");
    assertThat(listKey.defaultValue()).contains(List.of("a"));
    assertThat(PLATFORM.typeName()).isEqualTo("local|glue|emr-serverless");
  }

  @Test
  void schemasCombine() {
    ConfigKey<String> name = ConfigKey.string("job.name");
    ConfigSchema combined =
        ConfigSchema.of(name.required()).plus(ConfigSchema.of(name.withDefault("fallback"), LIMIT));
    assertThat(combined.keys())
        .extracting(ConfigKey::name)
        .containsExactly("job.name", "deploy.limit");
    assertThat(combined.key("job.name").orElseThrow().defaultValue().map(Object::toString))
        .contains("fallback");

    assertThatThrownBy(() -> combined.plus(ConfigSchema.of(ConfigKey.integer("job.name"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot combine config schemas: key job.name is declared as string and as int");
    assertThatThrownBy(() -> SCHEMA.plus(ConfigSchema.of(ConfigKey.string("deploy.tags.team"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot combine config schemas: key deploy.tags.team lies under the free-form map"
                + " deploy.tags.*");
  }

  @Test
  void jobKeysValidateLikeCoreKeys() {
    Map<String, String> values = new HashMap<>();
    values.put("deploy.platform", "lambda");
    values.put("deploy.limt", "5");
    assertThatThrownBy(() -> Settings.of(SCHEMA, values))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot load configuration: 2 problems\n"
                + "  - deploy.limt (from given value): unknown key, did you mean 'deploy.limit'?\n"
                + "  - deploy.platform (from given value): 'lambda' is not one of local, glue,"
                + " emr-serverless");
  }

  @Test
  void editDistance() {
    assertThat(KeyNames.distance("source.pth", "source.path")).isEqualTo(1);
    assertThat(KeyNames.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(
            KeyNames.closest("target.partition_by", List.of("target.path", "target.partition-by")))
        .contains("target.partition-by");
    assertThat(KeyNames.closest("xyz", List.of("source.path"))).isEmpty();
  }
}
