package dev.lakeetl.spark;

import static java.util.Objects.requireNonNull;

/**
 * Column, table and database names as Spark SQL identifiers. Data files and settings may name
 * columns with dots, spaces or back-quotes; quoted, such a name stays one identifier instead of
 * becoming a nested field or a parse error.
 */
public final class SqlIdentifiers {
  private SqlIdentifiers() {}

  /**
   * {@code name} in back-quotes, with each back-quote in it doubled: {@code a.b} becomes {@code
   * `a.b`}, for {@code functions.col} and SQL text alike.
   */
  public static String quoted(String name) {
    requireNonNull(name, "name is null");
    return "`" + name.replace("`", "``") + "`";
  }
}
