package dev.lakeetl.quality.dqdl;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.quality.rules.Condition;
import dev.lakeetl.quality.rules.QualityRule;
import dev.lakeetl.quality.rules.RuleSet;
import dev.lakeetl.quality.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses an AWS Glue Data Quality ruleset written in DQDL ({@code Rules = [ IsComplete "id",
 * ColumnValues "x" > 0 ]}) into the same rules native configuration declares, so a ruleset written
 * for Glue runs here unchanged.
 *
 * <p>Supported rule types: IsComplete, Completeness, IsUnique, Uniqueness, IsPrimaryKey,
 * ColumnValues (comparisons, {@code between}, {@code in [...]}, {@code matches "regex"}, {@code
 * with threshold}), RowCount, ColumnLength, DistinctValuesCount, CustomSql returning one number,
 * and ReferentialIntegrity of one column against {@code "<dataset>.<column>"}, where the dataset is
 * a table or view of the job (Glue's additional data source alias). Comparisons follow DQDL: {@code
 * between} excludes its bounds. Each rule is named by its own text and gets the given severity.
 * Anything else (other rule types, composite rules, {@code where} clauses, dynamic rules) is
 * rejected with an error naming the rule.
 */
public final class DqdlParser {
  /** The rule types this parser maps onto the rule model. */
  public static final List<String> SUPPORTED =
      List.of(
          "IsComplete",
          "Completeness",
          "IsUnique",
          "Uniqueness",
          "IsPrimaryKey",
          "ColumnValues",
          "RowCount",
          "ColumnLength",
          "DistinctValuesCount",
          "CustomSql",
          "ReferentialIntegrity");

  private static final Set<String> COMPARISONS = Set.of(">", ">=", "<", "<=", "=", "!=");

  private final String text;
  private final List<DqdlToken> tokens;
  private final Severity severity;
  private int position;

  private DqdlParser(String text, Severity severity) {
    this.text = text;
    this.tokens = DqdlToken.tokenize(text);
    this.severity = severity;
  }

  /**
   * Parses a ruleset.
   *
   * @param severity the severity every rule gets (DQDL has none)
   * @throws IllegalArgumentException naming the rule (its number and text) that cannot be used
   */
  public static RuleSet parse(String ruleset, Severity severity) {
    requireNonNull(ruleset, "ruleset is null");
    requireNonNull(severity, "severity is null");
    return new DqdlParser(ruleset, severity).document();
  }

  private RuleSet document() {
    List<QualityRule> rules = new ArrayList<>();
    boolean sawRules = false;
    while (!atEnd()) {
      DqdlToken section = expect(DqdlToken.Kind.WORD, "a section like Rules = [ ... ]");
      expectSymbol("=");
      if (section.text().equals("Rules")) {
        sawRules = true;
        rules.addAll(ruleList());
      } else if (section.text().equals("Metadata")) {
        skipBlock("{", "}");
      } else {
        throw error(section, "section '" + section.text() + "' is not supported; expected Rules");
      }
    }
    if (!sawRules) {
      throw new IllegalArgumentException("Cannot parse DQDL ruleset: no 'Rules = [ ... ]' list");
    }
    return new RuleSet(rules);
  }

  private List<QualityRule> ruleList() {
    expectSymbol("[");
    List<QualityRule> rules = new ArrayList<>();
    int number = 1;
    while (!peekSymbol("]")) {
      rules.add(rule(number++));
      if (peekSymbol(",")) {
        position++;
      } else if (!peekSymbol("]")) {
        throw error(current(), "expected ',' or ']' after a rule");
      }
    }
    expectSymbol("]");
    return rules;
  }

  private QualityRule rule(int number) {
    int start = position;
    DqdlToken type = current();
    if (type.isSymbol("(")) {
      int end = skipRule();
      throw new IllegalArgumentException(
          ruleLabel(number, start, end)
              + ": composite rules (and/or) are not supported; list the rules separately");
    }
    expect(DqdlToken.Kind.WORD, "a rule type");
    List<String> arguments = new ArrayList<>();
    while (!atEnd() && current().kind() == DqdlToken.Kind.STRING) {
      arguments.add(current().text());
      position++;
    }
    int expressionStart = position;
    int end = skipRule();
    String name = source(start, end);
    position = expressionStart;
    try {
      QualityRule rule = build(type.text(), name, arguments);
      if (position != end) {
        throw new IllegalArgumentException(
            "unexpected '"
                + current().text()
                + "' (where clauses and dynamic rules are not supported)");
      }
      return rule;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ruleLabel(number, start, end) + ": " + e.getMessage(), e);
    } finally {
      position = end;
    }
  }

  private QualityRule build(String type, String name, List<String> arguments) {
    switch (type) {
      case "IsComplete":
        return new QualityRule.Completeness(
            name, severity, single(arguments), Condition.atLeast(1));
      case "Completeness":
        return new QualityRule.Completeness(name, severity, single(arguments), condition());
      case "IsUnique":
        return new QualityRule.Uniqueness(
            name, severity, arguments(arguments), Condition.atLeast(1));
      case "Uniqueness":
        return new QualityRule.Uniqueness(name, severity, arguments(arguments), condition());
      case "IsPrimaryKey":
        return new QualityRule.PrimaryKey(name, severity, arguments(arguments));
      case "RowCount":
        none(arguments);
        return new QualityRule.RowCount(name, severity, condition());
      case "DistinctValuesCount":
        return new QualityRule.DistinctValues(name, severity, arguments(arguments), condition());
      case "ColumnLength":
        {
          String column = single(arguments);
          Condition length = condition();
          return new QualityRule.Length(name, severity, column, length, threshold());
        }
      case "CustomSql":
        {
          String sql = single(arguments);
          if (peekWord("with")) {
            throw new IllegalArgumentException(
                "row-level CustomSql (with threshold) is not supported; use a CustomSql that"
                    + " returns one number");
          }
          return new QualityRule.SqlMetric(name, severity, sql, condition());
        }
      case "ColumnValues":
        return columnValues(name, single(arguments));
      case "ReferentialIntegrity":
        return referentialIntegrity(name, arguments);
      default:
        throw new IllegalArgumentException(
            "rule type " + type + " is not supported; supported rule types are " + SUPPORTED);
    }
  }

  private QualityRule referentialIntegrity(String name, List<String> arguments) {
    if (arguments.size() != 2) {
      throw new IllegalArgumentException(
          "expected a quoted column and a quoted \"<dataset>.<column>\", found "
              + arguments.size()
              + " quoted arguments");
    }
    String column = arguments.get(0);
    String reference = arguments.get(1);
    int dot = reference.indexOf('.');
    if (column.startsWith("{") || dot <= 0 || dot == reference.length() - 1) {
      throw new IllegalArgumentException(
          "expected one column and a reference like \"airports.iata\" (several columns are not"
              + " supported), found \""
              + column
              + "\" \""
              + reference
              + "\"");
    }
    return new QualityRule.References(
        name,
        severity,
        column,
        QualityRule.Reference.dataset(reference.substring(0, dot), reference.substring(dot + 1)),
        condition());
  }

  private QualityRule columnValues(String name, String column) {
    if (peekWord("in")) {
      position++;
      List<String> values = valueList();
      return new QualityRule.AllowedValues(name, severity, column, values, threshold());
    }
    if (peekWord("matches")) {
      position++;
      String regex = expect(DqdlToken.Kind.STRING, "a quoted regular expression").text();
      return new QualityRule.TextPattern(name, severity, column, regex, threshold());
    }
    if (peekSymbol("=") && position + 1 < tokens.size() && next().kind() == DqdlToken.Kind.STRING) {
      position++;
      String value = current().text();
      position++;
      return new QualityRule.AllowedValues(name, severity, column, List.of(value), threshold());
    }
    if (peekWord("not")) {
      throw new IllegalArgumentException("negated ColumnValues expressions are not supported");
    }
    Condition values = condition();
    return new QualityRule.ValueRange(name, severity, column, values, threshold());
  }

  /** {@code with threshold <condition>}, else every row. */
  private Condition threshold() {
    if (!peekWord("with")) {
      return Condition.atLeast(1);
    }
    position++;
    if (!peekWord("threshold")) {
      throw new IllegalArgumentException("expected 'threshold' after 'with'");
    }
    position++;
    return condition();
  }

  private Condition condition() {
    if (atEnd()) {
      throw new IllegalArgumentException("missing expression like > 0.9 or between 1 and 10");
    }
    DqdlToken token = current();
    if (token.kind() == DqdlToken.Kind.SYMBOL && COMPARISONS.contains(token.text())) {
      position++;
      return new Condition(operator(token.text()), List.of(number()));
    }
    if (token.isWord("between")) {
      position++;
      double lower = number();
      if (!peekWord("and")) {
        throw new IllegalArgumentException("expected 'and' in 'between a and b'");
      }
      position++;
      double upper = number();
      return new Condition(Condition.Operator.BETWEEN, List.of(lower, upper));
    }
    throw new IllegalArgumentException(
        "expected an expression like > 0.9 or between 1 and 10, found '" + token.text() + "'");
  }

  private double number() {
    if (atEnd() || current().kind() != DqdlToken.Kind.NUMBER) {
      throw new IllegalArgumentException(
          "expected a number"
              + (atEnd() ? "" : ", found '" + current().text() + "'")
              + " (dynamic expressions and dates are not supported)");
    }
    double value = Double.parseDouble(current().text());
    position++;
    return value;
  }

  private List<String> valueList() {
    if (!peekSymbol("[")) {
      throw new IllegalArgumentException("expected '[' after 'in'");
    }
    position++;
    List<String> values = new ArrayList<>();
    while (!peekSymbol("]")) {
      DqdlToken value = current();
      if (value.kind() != DqdlToken.Kind.STRING && value.kind() != DqdlToken.Kind.NUMBER) {
        throw new IllegalArgumentException(
            "expected a quoted value or number in the list, found '" + value.text() + "'");
      }
      values.add(value.text());
      position++;
      if (peekSymbol(",")) {
        position++;
      }
    }
    position++;
    return values;
  }

  private static Condition.Operator operator(String symbol) {
    return switch (symbol) {
      case ">" -> Condition.Operator.GREATER;
      case ">=" -> Condition.Operator.GREATER_OR_EQUAL;
      case "<" -> Condition.Operator.LESS;
      case "<=" -> Condition.Operator.LESS_OR_EQUAL;
      case "=" -> Condition.Operator.EQUAL;
      default -> Condition.Operator.NOT_EQUAL;
    };
  }

  private static String single(List<String> arguments) {
    if (arguments.size() != 1) {
      throw new IllegalArgumentException(
          "expected one quoted column name, found " + arguments.size());
    }
    return arguments.get(0);
  }

  private static List<String> arguments(List<String> arguments) {
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("expected quoted column names");
    }
    return arguments;
  }

  private static void none(List<String> arguments) {
    if (!arguments.isEmpty()) {
      throw new IllegalArgumentException("expected no column name, found " + arguments);
    }
  }

  /** Moves past the current rule: to the ',' or ']' that ends it at bracket depth zero. */
  private int skipRule() {
    int depth = 0;
    while (!atEnd()) {
      DqdlToken token = current();
      if (token.isSymbol("(") || token.isSymbol("[")) {
        depth++;
      } else if (token.isSymbol(")") || token.isSymbol("]")) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (token.isSymbol(",") && depth == 0) {
        break;
      }
      position++;
    }
    if (atEnd()) {
      throw new IllegalArgumentException("Cannot parse DQDL ruleset: the Rules list is not closed");
    }
    return position;
  }

  private void skipBlock(String open, String close) {
    expectSymbol(open);
    int depth = 1;
    while (depth > 0) {
      if (atEnd()) {
        throw new IllegalArgumentException(
            "Cannot parse DQDL ruleset: '" + open + "' is not closed");
      }
      if (current().isSymbol(open)) {
        depth++;
      } else if (current().isSymbol(close)) {
        depth--;
      }
      position++;
    }
  }

  private String source(int startToken, int endToken) {
    int from = tokens.get(startToken).start();
    int to = tokens.get(endToken - 1).end();
    return text.substring(from, to).replaceAll("\\s+", " ").trim();
  }

  private String ruleLabel(int number, int start, int end) {
    return "Cannot use DQDL rule " + number + " '" + (end > start ? source(start, end) : "") + "'";
  }

  private boolean atEnd() {
    return position >= tokens.size();
  }

  private DqdlToken current() {
    if (atEnd()) {
      throw new IllegalArgumentException("Cannot parse DQDL ruleset: it ends too early");
    }
    return tokens.get(position);
  }

  private DqdlToken next() {
    return tokens.get(position + 1);
  }

  private boolean peekSymbol(String symbol) {
    return !atEnd() && current().isSymbol(symbol);
  }

  private boolean peekWord(String word) {
    return !atEnd() && current().isWord(word);
  }

  private DqdlToken expect(DqdlToken.Kind kind, String what) {
    DqdlToken token = current();
    if (token.kind() != kind) {
      throw error(token, "expected " + what + ", found '" + token.text() + "'");
    }
    position++;
    return token;
  }

  private void expectSymbol(String symbol) {
    DqdlToken token = current();
    if (!token.isSymbol(symbol)) {
      throw error(token, "expected '" + symbol + "', found '" + token.text() + "'");
    }
    position++;
  }

  private IllegalArgumentException error(DqdlToken token, String message) {
    return new IllegalArgumentException(
        "Cannot parse DQDL ruleset at character " + (token.start() + 1) + ": " + message);
  }
}
