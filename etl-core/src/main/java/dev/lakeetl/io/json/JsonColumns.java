package dev.lakeetl.io.json;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.from_json;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** JSON parsing of string columns, for the readers and the streaming decoder. */
public final class JsonColumns {
  private JsonColumns() {}

  /**
   * What {@code from_json(json, schema, options)} gives, parsed from the value's UTF-8 bytes when
   * this Spark allows it (see {@link Utf8JsonParse}), else by {@code from_json} itself.
   *
   * @param spark the session whose time zone {@code from_json} would use
   */
  public static Column fromJson(
      SparkSession spark, Column json, StructType schema, Map<String, String> options) {
    requireNonNull(spark, "spark is null");
    requireNonNull(json, "json is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(options, "options is null");
    return Utf8JsonParse.column(
            json, schema, options, spark.conf().get("spark.sql.session.timeZone"))
        .orElseGet(() -> from_json(json, schema, options));
  }
}
