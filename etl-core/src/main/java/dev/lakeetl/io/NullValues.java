package dev.lakeetl.io;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Which field texts of a CSV or JSON record are no value at all (null) rather than a value: one
 * rule for both formats and every column type.
 *
 * <p>With {@code empty} (the default), an empty text is null: a CSV field {@code ,,} or {@code
 * ,"",} and a JSON {@code ""} alike, so an empty value in an INT column is a missing value, not an
 * invalid one, and in a STRING column null, not {@code ""}. Without it an empty text stays text:
 * the empty string in a STRING column, and in a typed column a value that does not cast, which
 * quarantines its record ({@code value '' is not a valid INT}), as Spark's JSON reader does. An
 * unquoted empty CSV field is null either way: CSV has no other spelling for a missing value.
 *
 * @param empty whether an empty text is null
 * @param texts further texts that are null wherever they are the whole field, e.g. {@code NA} or
 *     {@code \N}, as Spark's CSV {@code nullValue}
 */
public record NullValues(boolean empty, List<String> texts) {
  /** A null marker no CSV field can be. */
  private static final String NO_NULL = "\u0000\u0000lakeetl-no-null\u0000\u0000";

  /** An empty text is null; no other text is. */
  public static final NullValues DEFAULT = new NullValues(true, List.of());

  public NullValues {
    texts = List.copyOf(requireNonNull(texts, "texts is null"));
  }

  /** The texts that are null, the empty one first when it is. */
  public List<String> all() {
    List<String> all = new ArrayList<>();
    if (empty) {
      all.add("");
    }
    for (String text : texts) {
      if (!all.contains(text)) {
        all.add(text);
      }
    }
    return List.copyOf(all);
  }

  /** {@code text} (a STRING column of field texts), null where it is one of the null texts. */
  public Column apply(Column text) {
    requireNonNull(text, "text is null");
    List<String> all = all();
    if (all.isEmpty()) {
      return text;
    }
    Column isNull =
        all.size() == 1 ? text.equalTo(lit(all.get(0))) : text.isin(all.toArray(Object[]::new));
    return when(isNull, lit(null).cast("string")).otherwise(text);
  }

  /**
   * Options for Spark's CSV parser (reading every column as STRING) that give the field texts this
   * rule starts from. Spark's null marker is the empty text, which also makes a quoted {@code ""}
   * null: without {@code empty}, the marker is one no field can be, so only an unquoted empty field
   * (no text at all) is null and a quoted one is the empty text. With {@code empty}, no options.
   */
  public Map<String, String> csvOptions() {
    return empty ? Map.of() : Map.of("nullValue", NO_NULL, "emptyValue", "");
  }
}
