package dev.lakeetl.jobs.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.testing.SharedSpark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** SQL and Java steps alone and chained, on small in-memory datasets. */
class TransformsTest {
  private static final String TRANSFORMS = SampleTransforms.class.getName();

  private final SparkSession spark = SharedSpark.session();

  /** Flights of two days on three routes; delays chosen so means and ranks differ. */
  private Map<String, Dataset<Row>> inputs() {
    Dataset<Row> flights =
        spark.sql(
            "SELECT * FROM VALUES"
                + " (DATE'2001-01-01', 'AAA', 'BBB', 10), (DATE'2001-01-01', 'AAA', 'BBB', 30),"
                + " (DATE'2001-01-01', 'BBB', 'CCC', 50), (DATE'2001-01-02', 'AAA', 'BBB', -5),"
                + " (DATE'2001-01-02', 'CCC', 'AAA', 20), (DATE'2001-01-02', 'CCC', 'AAA', 0)"
                + " AS t(flight_date, origin, destination, delay)");
    Dataset<Row> airports =
        spark.sql(
            "SELECT * FROM VALUES ('AAA', 'Alpha'), ('BBB', 'Bravo'), ('CCC', 'Charlie')"
                + " AS t(code, name)");
    Map<String, Dataset<Row>> inputs = new LinkedHashMap<>();
    inputs.put("t_flights", flights);
    inputs.put("t_airports", airports);
    return inputs;
  }

  private static TransformStep.Sql sql(String name, String query) {
    return new TransformStep.Sql(name, "sql/" + name + ".sql", query);
  }

  /** A Java step: {@code SampleTransforms}' nested class {@code transform} over {@code input}. */
  private static TransformStep.Java java(
      String name, String transform, String input, Map<String, String> options) {
    return new TransformStep.Java(name, TRANSFORMS + "$" + transform, input, options);
  }

  /** Runs {@code step} alone over {@link #inputs}. */
  private Map<String, Dataset<Row>> runAlone(TransformStep step) {
    return CuratePipeline.run(spark, inputs(), List.of(step));
  }

  @Test
  void stepsJoinAggregateAndRankOverEarlierSteps() {
    List<TransformStep> steps =
        List.of(
            sql(
                "t_daily",
                "-- per route and day\n"
                    + "SELECT flight_date, origin AS code, destination, count(*) AS flights,"
                    + " avg(delay) AS mean_delay FROM t_flights"
                    + " GROUP BY flight_date, origin, destination;"),
            java("t_named", "WithNames", "t_daily", Map.of("names", "t_airports")),
            sql(
                "t_ranked",
                "/* rank per day */ WITH r AS (SELECT * FROM t_named)"
                    + " SELECT flight_date, name, flights, mean_delay, rank() OVER (PARTITION BY"
                    + " flight_date ORDER BY mean_delay DESC) AS delay_rank FROM r"));

    Map<String, Dataset<Row>> datasets = CuratePipeline.run(spark, inputs(), steps);

    assertThat(datasets.keySet())
        .containsExactly("t_flights", "t_airports", "t_daily", "t_named", "t_ranked");
    List<String> rows =
        spark.table("t_ranked").orderBy("flight_date", "delay_rank").collectAsList().stream()
            .map(Row::toString)
            .toList();
    assertThat(rows)
        .containsExactly(
            "[2001-01-01,Bravo,1,50.0,1]",
            "[2001-01-01,Alpha,2,20.0,2]",
            "[2001-01-02,Charlie,2,10.0,1]",
            "[2001-01-02,Alpha,1,-5.0,2]");
  }

  @Test
  void javaStepsReadTheirOptions() {
    TransformStep step =
        java("t_late", "AtLeast", "t_flights", Map.of("column", "delay", "minimum", "20"));

    Dataset<Row> late = runAlone(step).get("t_late");

    assertThat(late.count()).isEqualTo(3);
  }

  @Test
  void aMissingOptionOrDatasetNamesTheKeyToSet() {
    assertThatThrownBy(() -> runAlone(java("t_late", "AtLeast", "t_flights", Map.of())))
        .hasMessage("Cannot run transform t_late: missing option transform.t_late.options.column");
    assertThatThrownBy(
            () -> runAlone(java("t_named", "WithNames", "t_flights", Map.of("names", "t_cities"))))
        .hasMessage(
            "Cannot get dataset 't_cities' in transform t_named: it is neither an input nor an"
                + " earlier step; known: [t_flights, t_airports]");
  }

  @Test
  void javaStepsThatReturnNullOrCannotStartFailClearly() {
    assertThatThrownBy(() -> runAlone(java("t_null", "ReturnsNull", "t_flights", Map.of())))
        .hasMessage("Cannot run transform t_null: " + TRANSFORMS + "$ReturnsNull returned null");
    assertThatThrownBy(() -> runAlone(java("t_fails", "FailsToStart", "t_flights", Map.of())))
        .hasMessageStartingWith(
            "transform.t_fails.class: constructor of '"
                + TRANSFORMS
                + "$FailsToStart' failed: java.lang.IllegalStateException: no licence key");
  }

  @Test
  void badSqlNamesTheStepTheFileAndSparksMessage() {
    assertThatThrownBy(() -> runAlone(sql("t_bad", "SELEC 1 FROM t")))
        .hasMessageStartingWith(
            "Cannot run transform.t_bad.sql (sql/t_bad.sql): expected one query")
        .hasMessageContaining("found SELEC");
    assertThatThrownBy(() -> runAlone(sql("t_bad", "SELECT origin FROM t_flights WHERE delay >")))
        .hasMessageStartingWith("Cannot run transform.t_bad.sql (sql/t_bad.sql): ")
        .hasMessageContaining("PARSE_SYNTAX_ERROR");
    assertThatThrownBy(() -> runAlone(sql("t_bad", "SELECT origin, no_such FROM t_flights")))
        .hasMessageStartingWith("Cannot run transform.t_bad.sql (sql/t_bad.sql): ")
        .hasMessageContaining("no_such");
    assertThatThrownBy(() -> runAlone(sql("t_bad", "SELECT 1; SELECT 2")))
        .hasMessageStartingWith("Cannot run transform.t_bad.sql (sql/t_bad.sql): ");
    assertThatThrownBy(() -> runAlone(sql("t_bad", "-- nothing\n")))
        .hasMessage(
            "Cannot run transform.t_bad.sql (sql/t_bad.sql): the file holds no SQL statement");
  }

  @Test
  void commandsAreRefusedBeforeSparkRunsThem() {
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW t_keep AS SELECT 1 AS one");

    assertThatThrownBy(() -> runAlone(sql("t_drop", "DROP VIEW t_keep")))
        .hasMessage(
            "Cannot run transform.t_drop.sql (sql/t_drop.sql): expected one query (SELECT or WITH"
                + " ... SELECT), found DROP");
    assertThatThrownBy(
            () ->
                runAlone(
                    sql(
                        "t_insert",
                        "WITH x AS (SELECT 2 AS one) INSERT INTO t_keep SELECT * FROM x")))
        .hasMessage(
            "Cannot run transform.t_insert.sql (sql/t_insert.sql): expected one query (SELECT or"
                + " WITH ... SELECT), found a command");
    assertThat(spark.table("t_keep").count()).isEqualTo(1);
  }

  @Test
  void firstKeywordSkipsCommentsAndBlanks() {
    assertThat(SqlTransforms.firstKeyword("  -- a\n/* b\n c */ select 1")).isEqualTo("SELECT");
    assertThat(SqlTransforms.firstKeyword("\n(SELECT 1)")).isEqualTo("(");
    assertThat(SqlTransforms.firstKeyword("-- only a comment")).isEmpty();
  }
}
