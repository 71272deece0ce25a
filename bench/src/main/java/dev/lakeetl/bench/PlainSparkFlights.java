package dev.lakeetl.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.year;

import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of the benchmark: the raw-to-refined flights conversion as a data engineer would
 * write it by hand, with Spark's defaults and no tuning.
 *
 * <p>By default it does the conversion {@code conf/flights-raw-to-refined.yaml} describes and
 * writes the same refined table: NDJSON read with an explicit schema, {@code date} parsed into
 * {@code departure_time}, records without departure time, origin or destination left out, one
 * record per dedupe key (every field), the ingest columns, zero-padded {@code year/month/day}
 * partitions with dynamic overwrite, UTC dates and TIMESTAMP_MICROS (the refined layer's
 * conventions, not tuning). It does not check values, keep rejected lines or count anything.
 *
 * <p>With {@code subset} as third argument it does only part of it: parse {@code date}, add integer
 * year/month/day and write every row. Usage (through spark-submit): {@code PlainSparkFlights <raw
 * flights directory> <output directory> [subset]}.
 */
public final class PlainSparkFlights {
  private static final String SCHEMA =
      "date STRING, delay INT, distance INT, origin STRING, destination STRING";
  private static final String TIMESTAMP_FORMAT = "yyyy/MM/dd HH:mm";

  private PlainSparkFlights() {}

  public static void main(String[] args) {
    boolean subset = args.length == 3 && args[2].equals("subset");
    if (args.length != 2 && !subset) {
      throw new IllegalArgumentException(
          "Cannot run plain Spark flights: usage PlainSparkFlights <raw flights dir> <output dir>"
              + " [subset]");
    }
    SparkSession spark = SparkSession.builder().appName("plain-spark-flights").getOrCreate();
    try {
      Dataset<Row> raw = spark.read().schema(SCHEMA).json(args[0]);
      if (subset) {
        writeSubset(raw, args[1]);
      } else {
        writeRefined(raw, args[1]);
      }
    } finally {
      spark.stop();
    }
  }

  private static void writeRefined(Dataset<Row> raw, String output) {
    raw.sparkSession().conf().set("spark.sql.session.timeZone", "UTC");
    raw.sparkSession().conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    Column departure = col("departure_time");
    raw.select(
            to_timestamp(col("date"), TIMESTAMP_FORMAT).as("departure_time"),
            col("delay"),
            col("distance"),
            col("origin"),
            col("destination"),
            input_file_name().as("ingest_source_file"))
        .where(
            departure
                .isNotNull()
                .and(col("origin").isNotNull())
                .and(col("destination").isNotNull()))
        .dropDuplicates("departure_time", "origin", "destination", "delay", "distance")
        .withColumn("ingest_time", current_timestamp())
        .withColumn("ingest_run_id", lit("plain-" + Instant.now()))
        .withColumn("year", date_format(departure, "yyyy"))
        .withColumn("month", date_format(departure, "MM"))
        .withColumn("day", date_format(departure, "dd"))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy("year", "month", "day")
        .parquet(output);
  }

  private static void writeSubset(Dataset<Row> raw, String output) {
    Column date = col("date");
    raw.withColumn("date", to_timestamp(date, TIMESTAMP_FORMAT))
        .withColumn("year", year(date))
        .withColumn("month", month(date))
        .withColumn("day", dayofmonth(date))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("year", "month", "day")
        .parquet(output);
  }
}
