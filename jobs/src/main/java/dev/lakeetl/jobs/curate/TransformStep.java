package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** One transform step ({@code transform.<name>.*}): its result is a dataset named like the step. */
public sealed interface TransformStep permits TransformStep.Sql, TransformStep.Java {
  /** The step name, which is also the name of the dataset it produces. */
  String name();

  /**
   * A Spark SQL query kept in a file.
   *
   * @param name step name
   * @param file where the query was read from (for messages)
   * @param sql the query: one SELECT (or WITH ... SELECT) statement
   */
  record Sql(String name, String file, String sql) implements TransformStep {
    public Sql {
      requireNonNull(name, "name is null");
      requireNonNull(file, "file is null");
      requireNonNull(sql, "sql is null");
    }
  }

  /**
   * A {@link DatasetTransform} implementation, chosen by class name.
   *
   * @param name step name
   * @param className fully qualified class name
   * @param input the dataset passed as the transform's input
   * @param options {@code transform.<name>.options.*}, given to the transform in its context
   */
  record Java(String name, String className, String input, Map<String, String> options)
      implements TransformStep {
    public Java {
      requireNonNull(name, "name is null");
      requireNonNull(className, "className is null");
      requireNonNull(input, "input is null");
      options = Map.copyOf(requireNonNull(options, "options is null"));
    }
  }
}
