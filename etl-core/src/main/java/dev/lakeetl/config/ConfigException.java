package dev.lakeetl.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem on its own line, each naming
 * the key and where its value came from. Messages never contain secret values.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** One problem. */
  public ConfigException(String problem) {
    super(requireNonNull(problem, "problem is null"));
    this.problems = List.of(problem);
  }

  /** Several problems, reported together so a user can fix them in one go. */
  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one line each, without the heading. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    requireNonNull(problems, "problems is null");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("Cannot create ConfigException: no problems");
    }
    StringBuilder message =
        new StringBuilder("Cannot load configuration: ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems");
    for (String problem : problems) {
      message.append('\n').append("  - ").append(problem);
    }
    return message.toString();
  }
}
