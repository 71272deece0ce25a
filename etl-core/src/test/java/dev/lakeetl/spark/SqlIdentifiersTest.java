package dev.lakeetl.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SqlIdentifiersTest {
  @Test
  void aNameIsBackQuoted() {
    assertThat(SqlIdentifiers.quoted("delay")).isEqualTo("`delay`");
  }

  @Test
  void aDottedNameStaysOneIdentifier() {
    assertThat(SqlIdentifiers.quoted("trip.delay")).isEqualTo("`trip.delay`");
  }

  @Test
  void aBackQuoteInTheNameIsDoubled() {
    assertThat(SqlIdentifiers.quoted("a`b")).isEqualTo("`a``b`");
    assertThat(SqlIdentifiers.quoted("`")).isEqualTo("````");
  }

  @Test
  void sparkResolvesQuotedNamesToTheirColumns() {
    StructType schema =
        new StructType()
            .add("trip.delay", DataTypes.StringType)
            .add("a`b", DataTypes.StringType)
            .add("trip", DataTypes.StringType);
    Dataset<Row> rows =
        SharedSpark.session().createDataFrame(List.of(RowFactory.create("7", "x", "t")), schema);

    Row selected =
        rows.select(
                col(SqlIdentifiers.quoted("trip.delay")),
                expr(SqlIdentifiers.quoted("a`b") + " || '!'"))
            .first();

    assertThat(selected.getString(0)).isEqualTo("7");
    assertThat(selected.getString(1)).isEqualTo("x!");
  }

  @Test
  void aNullNameIsRejected() {
    assertThatThrownBy(() -> SqlIdentifiers.quoted(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name is null");
  }
}
