/**
 * The benchmark's own programs, compiled and run by the scripts in {@code bench/}, outside the
 * Maven build: the hand-written Spark baseline {@link dev.lakeetl.bench.PlainSparkFlights}, the
 * DuckDB variant {@link dev.lakeetl.bench.DuckDbFlights}, the input converter and Kafka producer,
 * and {@link dev.lakeetl.bench.CountRows}, which checks every variant's output the same way.
 * Nothing here is shipped in a job jar; the jobs measured are the modules' own.
 */
package dev.lakeetl.bench;
