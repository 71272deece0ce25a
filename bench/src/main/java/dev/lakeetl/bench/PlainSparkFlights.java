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
 * Parquet partitioned by them. Usage (through spark-submit): {@code PlainSparkFlights <raw flights
 * directory> <output directory>}.
 */
public final class PlainSparkFlights {
  private PlainSparkFlights() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "Cannot run plain Spark flights: usage PlainSparkFlights <raw flights dir> <output dir>");
    }
    SparkSession spark = SparkSession.builder().appName("plain-spark-flights").getOrCreate();
    try {
      Dataset<Row> flights =
          spark
              .read()
              .schema("date STRING, delay INT, distance INT, origin STRING, destination STRING")
              .json(args[0])
              .withColumn("date", to_timestamp(col("date"), "yyyy/MM/dd HH:mm"));
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
