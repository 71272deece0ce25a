package dev.lakeetl.quality.rules;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numeric condition on a measured value, written as in AWS Glue DQDL: {@code > 0.95}, {@code >=
 * 0.95}, {@code < 10}, {@code <= 10}, {@code = 1.0}, {@code != 0}, {@code between 1 and 10}
 * (exclusive, as in DQDL). {@link Operator#IN_RANGE} is the inclusive range of native {@code
 * min}/{@code max} parameters.
 *
 * @param operator the comparison
 * @param operands one value, two for the ranges (lower first)
 */
public record Condition(Operator operator, List<Double> operands) {
  private static final String NUMBER = "(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)";
  private static final Pattern COMPARISON =
      Pattern.compile("(>=|<=|!=|>|<|=)\\s*" + NUMBER + "\\s*");
  private static final Pattern BETWEEN =
      Pattern.compile(
          "between\\s+" + NUMBER + "\\s+and\\s+" + NUMBER + "\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLAIN = Pattern.compile(NUMBER);

  /** How a value is compared with the operands. */
  public enum Operator {
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    EQUAL("="),
    NOT_EQUAL("!="),
    BETWEEN("between"),
    IN_RANGE("in range");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** The DQDL spelling. */
    public String symbol() {
      return symbol;
    }

    static Operator ofSymbol(String symbol) {
      for (Operator operator : values()) {
        if (operator.symbol.equals(symbol)) {
          return operator;
        }
      }
      throw new IllegalArgumentException("Unknown operator " + symbol);
    }
  }

  public Condition {
    requireNonNull(operator, "operator is null");
    operands = List.copyOf(requireNonNull(operands, "operands is null"));
    int expected = operator == Operator.BETWEEN || operator == Operator.IN_RANGE ? 2 : 1;
    if (operands.size() != expected) {
      throw new IllegalArgumentException(
          "Cannot create condition " + operator.symbol + ": expected " + expected + " operands");
    }
    for (Double operand : operands) {
      if (operand.isNaN()) {
        throw new IllegalArgumentException("Cannot create condition: operand is NaN");
      }
    }
    if (expected == 2 && operands.get(0) > operands.get(1)) {
      throw new IllegalArgumentException(
          "Cannot create condition "
              + operator.symbol
              + ": lower bound "
              + format(operands.get(0))
              + " is above upper bound "
              + format(operands.get(1)));
    }
  }

  /** {@code value >= minimum}. */
  public static Condition atLeast(double minimum) {
    return new Condition(Operator.GREATER_OR_EQUAL, List.of(minimum));
  }

  /** {@code value <= maximum}. */
  public static Condition atMost(double maximum) {
    return new Condition(Operator.LESS_OR_EQUAL, List.of(maximum));
  }

  /** {@code value = expected}. */
  public static Condition equalTo(double expected) {
    return new Condition(Operator.EQUAL, List.of(expected));
  }

  /** {@code lower <= value <= upper}. */
  public static Condition inRange(double lower, double upper) {
    return new Condition(Operator.IN_RANGE, List.of(lower, upper));
  }

  /**
   * Parses {@code >= 0.95}, {@code between 1 and 10} and the like; a plain number {@code x} means
   * {@code >= x}.
   *
   * @throws IllegalArgumentException echoing the text when it is not a condition
   */
  public static Condition parse(String text) {
    requireNonNull(text, "text is null");
    String trimmed = text.trim();
    Matcher plain = PLAIN.matcher(trimmed);
    if (plain.matches()) {
      return atLeast(Double.parseDouble(plain.group(1)));
    }
    Matcher comparison = COMPARISON.matcher(trimmed);
    if (comparison.matches()) {
      return new Condition(
          Operator.ofSymbol(comparison.group(1)), List.of(Double.parseDouble(comparison.group(2))));
    }
    Matcher between = BETWEEN.matcher(trimmed);
    if (between.matches()) {
      return new Condition(
          Operator.BETWEEN,
          List.of(Double.parseDouble(between.group(1)), Double.parseDouble(between.group(2))));
    }
    throw new IllegalArgumentException(
        "Cannot parse condition '"
            + text
            + "': expected a number or one of > >= < <= = != followed by a number, or 'between a"
            + " and b'");
  }

  /** Whether {@code value} satisfies the condition. */
  public boolean test(double value) {
    double first = operands.get(0);
    return switch (operator) {
      case GREATER -> value > first;
      case GREATER_OR_EQUAL -> value >= first;
      case LESS -> value < first;
      case LESS_OR_EQUAL -> value <= first;
      case EQUAL -> value == first;
      case NOT_EQUAL -> value != first;
      case BETWEEN -> value > first && value < operands.get(1);
      case IN_RANGE -> value >= first && value <= operands.get(1);
    };
  }

  @Override
  public String toString() {
    if (operator == Operator.BETWEEN) {
      return "between " + format(operands.get(0)) + " and " + format(operands.get(1));
    }
    if (operator == Operator.IN_RANGE) {
      return ">= " + format(operands.get(0)) + " and <= " + format(operands.get(1));
    }
    return operator.symbol + " " + format(operands.get(0));
  }

  /** A number without a trailing {@code .0} when it is whole. */
  public static String format(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%s", value);
  }
}
