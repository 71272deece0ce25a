/**
 * The raw-to-refined job, {@link dev.lakeetl.jobs.refine.RawToRefinedJob}: reads raw JSON, CSV or
 * Parquet files, checks and casts the declared columns, quarantines what is bad, deduplicates and
 * writes partitioned Parquet. {@link dev.lakeetl.jobs.refine.RefinePipeline} composes these
 * transforms into one plan. The readers, writer and run lifecycle are etl-core's and the quality
 * rules the quality module's; combining refined tables is the {@code curate} job's.
 */
package dev.lakeetl.jobs.refine;
