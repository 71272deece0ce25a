package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A typed configuration key. Names are dotted kebab-case, e.g. {@code source.path} or {@code
 * target.max-records-per-file}. Instances are immutable: {@link #withDefault}, {@link #required},
 * {@link #secret}, {@link #description(String)}, {@link #check}, {@link #positive} and {@link
 * #withName} return new keys.
 *
 * <p>Values always arrive as text (YAML scalars, program arguments) or YAML lists and are typed
 * here, so a wrong type is reported once at load time with the key name and where the value came
 * from.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  /** The kinds of values a key can hold. */
  enum Kind {
    STRING("a string"),
    INTEGER("an integer"),
    LONG("a long integer"),
    NUMBER("a number"),
    BOOLEAN("a boolean (true or false)"),
    LIST("a list"),
    ENUM("an enumeration"),
    DURATION(DurationText.EXPECTED),
    MAP("a map of sub-keys"),
    PARSED("");

    private final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  private final String name;
  private final Kind kind;
  private final Class<?> enumType;
  private final T defaultValue;
  private final boolean required;
  private final boolean secret;
  private final String description;
  private final Predicate<T> rule;
  private final String ruleExpectation;
  private final Former former;
  private final Parser parser;

  private ConfigKey(
      String name,
      Kind kind,
      Class<?> enumType,
      T defaultValue,
      boolean required,
      boolean secret,
      String description,
      Predicate<T> rule,
      String ruleExpectation,
      Former former,
      Parser parser) {
    this.name = requireNonNull(name, "name is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.enumType = enumType;
    this.defaultValue = defaultValue;
    this.required = required;
    this.secret = secret;
    this.description = requireNonNull(description, "description is null");
    this.rule = rule;
    this.ruleExpectation = ruleExpectation;
    this.former = former;
    this.parser = parser;
  }

  /**
   * The attributes of a key, copied so a method that returns a new key changes only its own
   * attribute and names none of the others.
   */
  private static final class Copy<T> {
    private String name;
    private final Kind kind;
    private final Class<?> enumType;
    private T defaultValue;
    private boolean required;
    private boolean secret;
    private String description;
    private Predicate<T> rule;
    private String ruleExpectation;
    private Former former;
    private final Parser parser;

    private Copy(ConfigKey<T> key) {
      this.name = key.name;
      this.kind = key.kind;
      this.enumType = key.enumType;
      this.defaultValue = key.defaultValue;
      this.required = key.required;
      this.secret = key.secret;
      this.description = key.description;
      this.rule = key.rule;
      this.ruleExpectation = key.ruleExpectation;
      this.former = key.former;
      this.parser = key.parser;
    }

    private ConfigKey<T> build() {
      return new ConfigKey<>(
          name,
          kind,
          enumType,
          defaultValue,
          required,
          secret,
          description,
          rule,
          ruleExpectation,
          former,
          parser);
    }
  }

  private static <T> ConfigKey<T> create(String name, Kind kind, Class<?> enumType) {
    checkName(name);
    return new ConfigKey<>(name, kind, enumType, null, false, false, "", null, null, null, null);
  }

  private static void checkName(String name) {
    requireNonNull(name, "name is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Cannot declare config key '" + name + "': expected dotted kebab-case like source.path");
    }
    if (name.equals("vars") || name.startsWith("vars.")) {
      throw new IllegalArgumentException(
          "Cannot declare config key '"
              + name
              + "': vars.* is reserved for substitution variables");
    }
  }

  /** A text value. */
  public static ConfigKey<String> string(String name) {
    return create(name, Kind.STRING, null);
  }

  /** A 32-bit integer. */
  public static ConfigKey<Integer> integer(String name) {
    return create(name, Kind.INTEGER, null);
  }

  /** A 64-bit integer. */
  public static ConfigKey<Long> longInteger(String name) {
    return create(name, Kind.LONG, null);
  }

  /** A decimal number, e.g. {@code -1440} or {@code 2.5}. */
  public static ConfigKey<Double> number(String name) {
    return create(name, Kind.NUMBER, null);
  }

  /**
   * A value of a type the config package does not know, typed by {@code parser}: a quality rule's
   * {@code threshold} is a {@code Condition}, parsed from {@code >= 0.99}.
   *
   * @param typeName short type name for documentation, e.g. {@code condition}
   * @param expected what a valid value looks like, for messages, e.g. {@code "a number or a
   *     comparison like >= 0.95"}
   * @param parser types the trimmed text; throws {@link IllegalArgumentException} when it is not
   *     valid
   */
  public static <T> ConfigKey<T> parsed(
      String name, String typeName, String expected, Function<String, T> parser) {
    requireNonNull(typeName, "typeName is null");
    requireNonNull(expected, "expected is null");
    requireNonNull(parser, "parser is null");
    checkName(name);
    return new ConfigKey<>(
        name,
        Kind.PARSED,
        null,
        null,
        false,
        false,
        "",
        null,
        null,
        null,
        new Parser(typeName, expected, parser));
  }

  /** {@code true} or {@code false}, case-insensitive. */
  public static ConfigKey<Boolean> bool(String name) {
    return create(name, Kind.BOOLEAN, null);
  }

  /**
   * A YAML list, or a comma-separated text {@code a,"b, c"} split by {@link ConfigLists#split}
   * (items trimmed, empty ones dropped, a quoted item may hold a comma).
   */
  public static ConfigKey<List<String>> list(String name) {
    return create(name, Kind.LIST, null);
  }

  /**
   * One constant of {@code type}, written in kebab-case and matched case-insensitively: {@code
   * emr-serverless} selects {@code EMR_SERVERLESS}.
   */
  public static <E extends Enum<E>> ConfigKey<E> enumeration(String name, Class<E> type) {
    requireNonNull(type, "type is null");
    return create(name, Kind.ENUM, type);
  }

  /**
   * A {@link Duration} written like {@code 30s}, {@code 5m} or {@code 2h} ({@link DurationText}).
   */
  public static ConfigKey<Duration> duration(String name) {
    return create(name, Kind.DURATION, null);
  }

  /**
   * Free-form sub-keys under {@code prefix}: {@code map("spark.conf")} matches {@code
   * spark.conf.<anything>} and yields {@code <anything> -> value}. Defaults to an empty map. YAML
   * lists under a sub-key are joined with commas, items holding a comma quoted ({@link
   * ConfigLists}).
   */
  public static ConfigKey<Map<String, String>> map(String prefix) {
    ConfigKey<Map<String, String>> key = create(prefix, Kind.MAP, null);
    return key.withDefault(Map.of());
  }

  /** The value used when no layer sets the key. */
  public ConfigKey<T> withDefault(T value) {
    requireNonNull(value, "value is null");
    if (required) {
      throw new IllegalArgumentException(
          "Cannot set a default for " + name + ": the key is required");
    }
    Copy<T> copy = new Copy<>(this);
    copy.defaultValue = immutableCopy(value);
    return copy.build();
  }

  /** Loading fails unless some layer sets this key to a non-blank value. */
  public ConfigKey<T> required() {
    if (defaultValue != null && kind != Kind.MAP) {
      throw new IllegalArgumentException(
          "Cannot make " + name + " required: the key has a default value");
    }
    Copy<T> copy = new Copy<>(this);
    copy.required = true;
    return copy.build();
  }

  /** The value is shown as {@code ****} wherever configuration is printed. */
  public ConfigKey<T> secret() {
    Copy<T> copy = new Copy<>(this);
    copy.secret = true;
    return copy.build();
  }

  /** One-line human description, used in documentation and error messages. */
  public ConfigKey<T> description(String text) {
    requireNonNull(text, "text is null");
    Copy<T> copy = new Copy<>(this);
    copy.description = text;
    return copy.build();
  }

  /**
   * An extra rule the typed value must satisfy, checked at load time with all other problems.
   *
   * @param rule returns true for acceptable values
   * @param expectation what an acceptable value is, e.g. {@code "a positive number"}
   */
  public ConfigKey<T> check(Predicate<T> rule, String expectation) {
    requireNonNull(rule, "rule is null");
    requireNonNull(expectation, "expectation is null");
    if (kind == Kind.MAP) {
      throw new IllegalArgumentException(
          "Cannot add a rule to " + name + ": map keys hold free-form sub-keys");
    }
    Copy<T> copy = new Copy<>(this);
    copy.rule = rule;
    copy.ruleExpectation = expectation;
    return copy.build();
  }

  /**
   * The value must be above zero: {@code "a positive number"} for int, long and number keys, {@code
   * "a positive duration"} for duration keys. Like {@link #check}, it replaces an earlier rule.
   */
  public ConfigKey<T> positive() {
    switch (kind) {
      case INTEGER:
      case LONG:
      case NUMBER:
        return check(value -> ((Number) value).doubleValue() > 0, "a positive number");
      case DURATION:
        return check(
            value -> !((Duration) value).isZero() && !((Duration) value).isNegative(),
            "a positive duration");
      default:
        throw new IllegalArgumentException(
            "Cannot require " + name + " to be positive: the key is " + typeName());
    }
  }

  /**
   * This key under {@code otherName}, with the same type, default, rule and description: the one
   * declaration of a setting that a second place accepts too, such as a curated output's {@code
   * compression}, which is {@code target.compression}'s. A {@link #formerly former name} stays with
   * this key.
   */
  public ConfigKey<T> withName(String otherName) {
    checkName(otherName);
    Copy<T> copy = new Copy<>(this);
    copy.name = otherName;
    copy.former = null;
    return copy.build();
  }

  /**
   * The name this key had before it was renamed: a configuration that still uses it fails with a
   * "renamed to" message, showing the value in this key's form when the old one was a number of
   * {@code oldUnit} ({@code 48} hours becomes {@code 48h}).
   *
   * @param oldName the former key name
   * @param oldUnit the unit suffix of the old value, e.g. {@code h} for {@code *-hours}; empty when
   *     the value carries over as it is
   */
  public ConfigKey<T> formerly(String oldName, String oldUnit) {
    requireNonNull(oldName, "oldName is null");
    requireNonNull(oldUnit, "oldUnit is null");
    Copy<T> copy = new Copy<>(this);
    copy.former = new Former(oldName, oldUnit);
    return copy.build();
  }

  /** The name this key had before it was renamed, if any. */
  public Optional<String> formerName() {
    return Optional.ofNullable(former).map(Former::name);
  }

  /** Why {@code oldValue}, given under this key's former name, is refused: where it goes now. */
  String renamedProblem(String oldValue) {
    if (secret) {
      return "renamed to " + name;
    }
    String value = oldValue.trim();
    if (!former.unit().isEmpty() && value.matches("\\d+")) {
      value = value + former.unit();
    }
    return "renamed to " + name + "; write " + name + ": " + value;
  }

  /** The dotted key name (for map keys, the prefix). */
  public String name() {
    return name;
  }

  /** The description, empty if none was given. */
  public String description() {
    return description;
  }

  /** The default value, if any. Map keys default to an empty map. */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** Whether loading fails when no layer sets this key. */
  public boolean isRequired() {
    return required;
  }

  /** Whether the value was declared secret (names like {@code *password*} are masked too). */
  public boolean isSecret() {
    return secret;
  }

  /** Whether this key holds free-form sub-keys ({@link #map}). */
  public boolean isMap() {
    return kind == Kind.MAP;
  }

  /** A short type name for documentation: string, int, long, bool, list, map, or a|b|c. */
  public String typeName() {
    switch (kind) {
      case STRING:
        return "string";
      case INTEGER:
        return "int";
      case LONG:
        return "long";
      case BOOLEAN:
        return "bool";
      case LIST:
        return "list";
      case MAP:
        return "map";
      case ENUM:
        return String.join("|", allowedValues());
      case DURATION:
        return "duration";
      case NUMBER:
        return "number";
      case PARSED:
        return parser.typeName();
      default:
        throw new IllegalStateException("Unknown kind " + kind);
    }
  }

  Kind kind() {
    return kind;
  }

  /** Whether {@code other} declares the same value type (name, kind and enum class). */
  boolean sameType(ConfigKey<?> other) {
    return name.equals(other.name)
        && kind == other.kind
        && Objects.equals(enumType, other.enumType)
        && Objects.equals(
            parser == null ? null : parser.typeName(),
            other.parser == null ? null : other.parser.typeName());
  }

  /** Whether {@code keyName} is this key, or for map keys one of its sub-keys. */
  boolean matches(String keyName) {
    if (kind == Kind.MAP) {
      return keyName.startsWith(name + ".") && keyName.length() > name.length() + 1;
    }
    return keyName.equals(name);
  }

  /** What a valid value looks like, for error messages. */
  String expected() {
    if (kind == Kind.ENUM) {
      return "one of " + String.join(", ", allowedValues());
    }
    if (kind == Kind.PARSED) {
      return parser.expected();
    }
    return kind.expected;
  }

  /** Kebab-case spellings of the enum constants. */
  List<String> allowedValues() {
    if (enumType == null) {
      return List.of();
    }
    return Arrays.stream(enumType.getEnumConstants())
        .map(constant -> kebab(((Enum<?>) constant).name()))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Types a raw value. Map keys are not parsed here (their sub-keys are collected by {@link
   * Settings}).
   *
   * @throws InvalidValueException when the value does not have this key's type or breaks its rule
   */
  T parse(ConfigValue value) {
    T parsed = parseValue(value);
    if (rule != null && !rule.test(parsed)) {
      throw new InvalidValueException("is not " + ruleExpectation);
    }
    return parsed;
  }

  @SuppressWarnings("unchecked")
  private T parseValue(ConfigValue value) {
    if (kind == Kind.LIST) {
      List<String> source;
      try {
        source = value.list() ? value.parts() : ConfigLists.split(value.text());
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException(
            "is not a list: a quoted item is not closed or is followed by more text");
      }
      List<String> items = new ArrayList<>();
      for (String item : source) {
        String trimmed = item.trim();
        if (!trimmed.isEmpty()) {
          items.add(trimmed);
        }
      }
      return (T) List.copyOf(items);
    }
    if (value.list()) {
      throw new InvalidValueException("is a list, expected " + expected());
    }
    String text = value.text();
    switch (kind) {
      case STRING:
        return (T) text;
      case INTEGER:
        try {
          return (T) Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
          throw new InvalidValueException("is not " + expected());
        }
      case LONG:
        try {
          return (T) Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
          throw new InvalidValueException("is not " + expected());
        }
      case NUMBER:
        try {
          double number = Double.parseDouble(text.trim());
          if (Double.isFinite(number)) {
            return (T) Double.valueOf(number);
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new InvalidValueException("is not " + expected());
      case PARSED:
        try {
          return (T) parser.function().apply(text.trim());
        } catch (IllegalArgumentException e) {
          throw new InvalidValueException("is not " + expected());
        }
      case BOOLEAN:
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("true")) {
          return (T) Boolean.TRUE;
        }
        if (normalized.equals("false")) {
          return (T) Boolean.FALSE;
        }
        throw new InvalidValueException("is not " + expected());
      case DURATION:
        return (T)
            DurationText.parse(text)
                .orElseThrow(() -> new InvalidValueException("is not " + expected()));
      case ENUM:
        String constantName = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Object constant : enumType.getEnumConstants()) {
          if (((Enum<?>) constant).name().equals(constantName)) {
            return (T) constant;
          }
        }
        throw new InvalidValueException("is not " + expected());
      case MAP:
        throw new InvalidValueException(
            "is a single value, expected sub-keys like " + name + ".<name>");
      default:
        throw new IllegalStateException("Unknown kind " + kind);
    }
  }

  @SuppressWarnings("unchecked")
  private T immutableCopy(T value) {
    if (value instanceof List) {
      return (T) List.copyOf((List<?>) value);
    }
    if (value instanceof Map) {
      return (T) Map.copyOf((Map<?, ?>) value);
    }
    return value;
  }

  /**
   * Formats a value of this key as a user writes it: enums in their kebab-case spelling, durations
   * like {@code 4m}.
   */
  public String format(Object value) {
    if (value instanceof Enum) {
      return kebab(((Enum<?>) value).name());
    }
    if (value instanceof Duration) {
      return DurationText.format((Duration) value);
    }
    return String.valueOf(value);
  }

  private static String kebab(String constantName) {
    return constantName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return name + " (" + typeName() + ")";
  }

  /** How a {@link #parsed} key types its text. */
  private record Parser(String typeName, String expected, Function<String, ?> function) {}

  /** A key's former name, and the unit its old numeric values were in. */
  private record Former(String name, String unit) {}

  /** A value does not fit its key; the message is a reason without the key or the value. */
  static final class InvalidValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidValueException(String reason) {
      super(reason);
    }
  }
}
