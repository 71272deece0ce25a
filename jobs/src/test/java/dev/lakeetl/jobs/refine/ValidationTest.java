package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Casting to the declared schema, required fields and carried parse errors. */
class ValidationTest {
  private static final StructType SCHEMA =
      StructType.fromDDL("date TIMESTAMP, delay INT, origin STRING, fare DECIMAL(6,2)");
  private static final TemporalFormats FORMATS =
      new TemporalFormats(Optional.of("yyyy/MM/dd HH:mm"), Optional.empty());

  private static Dataset<Row> enforce(Dataset<Row> raw) {
    return SchemaEnforcement.apply(RejectReasons.start(raw), SCHEMA, FORMATS);
  }

  @Test
  void castsDeclaredColumnsToTheirTypes() {
    Dataset<Row> raw =
        RawData.columns("date", "delay", "origin", "fare")
            .row("2001/01/01 06:55", "-19", "LAX", "120.50")
            .toDataset();

    Dataset<Row> cast = enforce(raw);
    Row row = cast.first();

    assertThat(cast.schema().apply("date").dataType().sql()).isEqualTo("TIMESTAMP");
    assertThat(cast.schema().apply("delay").dataType().sql()).isEqualTo("INT");
    assertThat(row.<Timestamp>getAs("date")).isEqualTo(Timestamp.valueOf("2001-01-01 06:55:00"));
    assertThat(row.<Integer>getAs("delay")).isEqualTo(-19);
    assertThat(row.<BigDecimal>getAs("fare")).isEqualByComparingTo("120.50");
    assertThat(row.<String>getAs("_reject_reason")).isNull();
  }

  @Test
  void valuesThatDoNotCastGetAReasonEach() {
    Dataset<Row> raw =
        RawData.columns("date", "delay", "origin", "fare")
            .row("yesterday", "abc", "LAX", "1.5")
            .row("2001/01/01 06:55", null, "SFO", null)
            .toDataset();

    List<Row> rows = enforce(raw).orderBy("origin").collectAsList();

    assertThat(rows.get(0).<String>getAs("_reject_reason"))
        .isEqualTo(
            "column 'date': value 'yesterday' is not a valid TIMESTAMP (format 'yyyy/MM/dd HH:mm');"
                + " column 'delay': value 'abc' is not a valid INT");
    assertThat(rows.get(0).<Integer>getAs("delay")).isNull();
    // A null raw value is not a cast failure.
    assertThat(rows.get(1).<String>getAs("_reject_reason")).isNull();
  }

  @Test
  void longValuesAreCutInReasons() {
    String longValue = "9".repeat(100);
    Dataset<Row> raw =
        RawData.columns("date", "delay", "origin", "fare")
            .row(null, longValue, "LAX", null)
            .toDataset();

    assertThat(enforce(raw).first().<String>getAs("_reject_reason"))
        .isEqualTo("column 'delay': value '" + "9".repeat(80) + "...' is not a valid INT");
  }

  @Test
  void castsDoNotFailUnderAnsiMode() {
    String previous = SharedSpark.session().conf().get("spark.sql.ansi.enabled");
    SharedSpark.session().conf().set("spark.sql.ansi.enabled", "true");
    try {
      Dataset<Row> raw =
          RawData.columns("date", "delay", "origin", "fare")
              .row("2001-13-45 99:99", "12x", "LAX", "abc")
              .toDataset();

      assertThat(enforce(raw).first().<String>getAs("_reject_reason"))
          .contains("column 'delay': value '12x' is not a valid INT")
          .contains("column 'fare': value 'abc' is not a valid DECIMAL(6,2)")
          .contains("column 'date': value '2001-13-45 99:99'");
    } finally {
      SharedSpark.session().conf().set("spark.sql.ansi.enabled", previous);
    }
  }

  @Test
  void datesAndNestedTypesAreParsedFromText() {
    StructType schema =
        StructType.fromDDL("day DATE, tags ARRAY<STRING>, plane STRUCT<seats: INT>");
    Dataset<Row> raw =
        RawData.columns("day", "tags", "plane")
            .row("15.01.2001", "[\"a\",\"b\"]", "{\"seats\": 180}")
            .row("2001-01-15", "not json", "{\"seats\": 180}")
            .toDataset();
    TemporalFormats formats = new TemporalFormats(Optional.empty(), Optional.of("dd.MM.yyyy"));

    List<Row> rows =
        SchemaEnforcement.apply(RejectReasons.start(raw), schema, formats)
            .orderBy("_raw_record")
            .collectAsList();

    Row good = rows.get(0);
    assertThat(good.<Date>getAs("day")).isEqualTo(Date.valueOf("2001-01-15"));
    assertThat(good.getList(good.fieldIndex("tags"))).containsExactly("a", "b");
    assertThat(good.<Row>getAs("plane").getInt(0)).isEqualTo(180);
    assertThat(good.<String>getAs("_reject_reason")).isNull();
    assertThat(rows.get(1).<String>getAs("_reject_reason"))
        .isEqualTo(
            "column 'day': value '2001-01-15' is not a valid DATE (format 'dd.MM.yyyy');"
                + " column 'tags': value 'not json' is not a valid ARRAY<STRING>");
  }

  @Test
  void missingRequiredFieldsAreReasonsJoinedWithSemicolons() {
    Dataset<Row> raw =
        RawData.columns("date", "origin", "destination")
            .row("2001/01/01 06:55", null, null)
            .row("2001/01/01 06:55", "LAX", "BNA")
            .toDataset();
    List<RequiredFields.Requirement> required =
        List.of(
            RequiredFields.Requirement.required("date", "departure_time"),
            RequiredFields.Requirement.required("origin", "origin"),
            RequiredFields.Requirement.required("destination", "destination"));

    List<Row> rows =
        RequiredFields.apply(RejectReasons.start(raw), required).orderBy("origin").collectAsList();

    assertThat(rows.get(0).<String>getAs("_reject_reason"))
        .isEqualTo("missing required field 'origin'; missing required field 'destination'");
    assertThat(rows.get(1).<String>getAs("_reject_reason")).isNull();
    assertThat(RequiredFields.Requirement.required("date", "departure_time").reason())
        .isEqualTo("missing required field 'departure_time' (source field 'date')");
  }

  @Test
  void unparsableRowsKeepOnlyTheReadersReason() {
    Dataset<Row> raw =
        RawData.columns("date", "delay", "origin", "fare")
            .malformed("{\"date\": ", "malformed JSON at line 3 of a.json")
            .toDataset();

    Dataset<Row> checked =
        enforce(
            RequiredFields.apply(
                RejectReasons.start(raw),
                List.of(RequiredFields.Requirement.required("origin", "origin"))));

    assertThat(checked.first().<String>getAs("_reject_reason"))
        .isEqualTo("malformed JSON at line 3 of a.json");
    assertThat(RejectReasons.valid(checked).count()).isZero();
    assertThat(RejectReasons.rejected(checked).count()).isEqualTo(1);
    assertThat(RejectReasons.valid(checked).columns())
        .doesNotContain("_reject_reason", "_parse_error");
  }

  @Test
  void undeclaredAndNonStringColumnsAreLeftAlone() {
    Dataset<Row> raw =
        RawData.columns("delay", "extra")
            .row("7", "x")
            .toDataset()
            .withColumn("n", org.apache.spark.sql.functions.lit(3));
    Dataset<Row> cast =
        SchemaEnforcement.apply(
            RejectReasons.start(raw), StructType.fromDDL("delay INT, n STRING"), FORMATS);

    assertThat(cast.schema().apply("extra").dataType().sql()).isEqualTo("STRING");
    assertThat(cast.schema().apply("n").dataType().sql()).isEqualTo("INT");
    assertThat(cast.first().<Integer>getAs("delay")).isEqualTo(7);
  }
}
