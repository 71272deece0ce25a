/**
 * The Spark session and the runtime it runs on: {@link dev.lakeetl.spark.SparkSessions} builds or
 * joins the session with the toolkit's defaults and S3A settings, {@link
 * dev.lakeetl.spark.StoragePaths} maps configured paths to the file system of the runtime, {@link
 * dev.lakeetl.spark.ObservedMetrics} waits for observed metrics, and {@link
 * dev.lakeetl.spark.DataColumns} says when a setting names a column the data does not have, and
 * {@link dev.lakeetl.spark.SqlIdentifiers} quotes names for Spark SQL. It reads no configuration
 * itself: {@code CoreConfigs} in {@code config} builds its records from the settings.
 */
package dev.lakeetl.spark;
