/**
 * Parquet in and out: {@link dev.lakeetl.io.parquet.ParquetReader} reads sources in the reader
 * contract of {@code io}, and {@link dev.lakeetl.io.parquet.PartitionedParquetWriter} writes
 * Hive-style partitioned tables. Where a write goes before it is published, and how it is
 * published, is decided by the jobs and the quality module's publish step.
 */
package dev.lakeetl.io.parquet;
