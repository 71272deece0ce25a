package dev.lakeetl.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of the benchmark: the raw-to-refined flights conversion as a data engineer would
 * write it by hand, with Spark's defaults and nothing else.
 *
 * <p>Reads NDJSON with an explicit schema, parses {@code date}, adds year/month/day and writes
 * Parquet partitioned by them. With {@code dedupe} as third argument it first drops rows equal in
 * every field ({@code dropDuplicates()}), what a hand-written job does to get the same rows as the
 * toolkit's job. Usage (through spark-submit): {@code PlainSparkFlights <raw flights directory>
 * <output directory> [dedupe]}.
 */
public final class PlainSparkFlights {
  private PlainSparkFlights() {}

  public static void main(String[] args) {
    boolean dedupe = args.length == 3 && args[2].equals("dedupe");
    if (args.length != 2 && !dedupe) {
      throw new IllegalArgumentException(
          "Cannot run plain Spark flights: usage PlainSparkFlights <raw flights dir> <output dir>"
              + " [dedupe]");
    }
    SparkSession spark = SparkSession.builder().appName("plain-spark-flights").getOrCreate();
    try {
      Dataset<Row> flights =
          spark
              .read()
              .schema("date STRING, delay INT, distance INT, origin STRING, destination STRING")
              .json(args[0])
              .withColumn("date", to_timestamp(col("date"), "yyyy/MM/dd HH:mm"));
      if (dedupe) {
        flights = flights.dropDuplicates();
      }
      flights
          .withColumn("year", year(col("date")))
          .withColumn("month", month(col("date")))
          .withColumn("day", dayofmonth(col("date")))
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy("year", "month", "day")
          .parquet(args[1]);
    } finally {
      spark.stop();
    }
  }
}
