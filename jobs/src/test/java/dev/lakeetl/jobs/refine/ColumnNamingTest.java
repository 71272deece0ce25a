package dev.lakeetl.jobs.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ColumnNamingTest {
  @Test
  void snakeCaseSplitsWordsAndLowercases() {
    ColumnNaming naming = ColumnNaming.SNAKE_CASE;
    assertThat(naming.normalise("DepDelay")).isEqualTo("dep_delay");
    assertThat(naming.normalise("Flight Date")).isEqualTo("flight_date");
    assertThat(naming.normalise("flightID")).isEqualTo("flight_id");
    assertThat(naming.normalise("HTTPStatus")).isEqualTo("http_status");
    assertThat(naming.normalise("origin")).isEqualTo("origin");
    assertThat(naming.normalise("already_snake_2")).isEqualTo("already_snake_2");
    assertThat(naming.normalise(" Arr.Delay (min) ")).isEqualTo("arr_delay_min");
  }

  @Test
  void lowerCaseAndAsIs() {
    assertThat(ColumnNaming.LOWER_CASE.normalise("DepDelay")).isEqualTo("depdelay");
    assertThat(ColumnNaming.AS_IS.normalise("Dep Delay")).isEqualTo("Dep Delay");
  }

  @Test
  void nameWithoutLettersIsRejected() {
    assertThatThrownBy(() -> ColumnNaming.SNAKE_CASE.normalise("--"))
        .hasMessage("Cannot normalise column name '--': no letters or digits in it");
  }

  @Test
  void mappingNormalisesThenRenamesAndSkipsInternalColumns() {
    ColumnMapping mapping =
        ColumnMapping.of(
            List.of("Date", "DepDelay", "_raw_record", "_source_file"),
            ColumnNaming.SNAKE_CASE,
            Map.of("date", "departure_time"));

    assertThat(mapping.refinedBySource())
        .containsExactly(Map.entry("Date", "departure_time"), Map.entry("DepDelay", "dep_delay"));
    assertThat(mapping.sourceOf("departure_time")).contains("Date");
    assertThatThrownBy(() -> mapping.requireSourceOf("date", "transform.required"))
        .hasMessage(
            "Cannot refine: transform.required names 'date', which is not a column of the data;"
                + " columns are [departure_time, dep_delay]");
  }

  @Test
  void mappingRejectsCollisionsAndUnknownRenames() {
    assertThatThrownBy(
            () ->
                ColumnMapping.of(
                    List.of("DepDelay", "dep_delay"), ColumnNaming.SNAKE_CASE, Map.of()))
        .hasMessage(
            "Cannot normalise column names: 'DepDelay' and 'dep_delay' would both become"
                + " 'dep_delay'; rename one with transform.rename.*");
    assertThatThrownBy(
            () ->
                ColumnMapping.of(List.of("Origin"), ColumnNaming.SNAKE_CASE, Map.of("Origin", "o")))
        .hasMessage(
            "Cannot rename column: transform.rename.Origin names no column; columns after"
                + " normalising are [origin]");
  }

  @Test
  void renamingTransformKeepsOrderAndInternalColumns() {
    Dataset<Row> raw =
        RawData.columns("Flight Date", "DepDelay").row("2001-01-01", "5").toDataset();
    ColumnMapping mapping =
        ColumnMapping.of(
            List.of(raw.columns()), ColumnNaming.SNAKE_CASE, Map.of("dep_delay", "delay"));

    Dataset<Row> renamed = ColumnRenaming.apply(raw, mapping);

    assertThat(renamed.columns())
        .containsExactly("flight_date", "delay", "_raw_record", "_parse_error", "_source_file");
    assertThat(renamed.first().<String>getAs("delay")).isEqualTo("5");
  }
}
