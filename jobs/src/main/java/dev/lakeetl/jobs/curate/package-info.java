/**
 * The refined-to-curated job, {@link dev.lakeetl.jobs.curate.RefinedToCuratedJob}: reads named
 * refined datasets, runs the configured SQL and Java transform steps ({@link
 * dev.lakeetl.jobs.curate.DatasetTransform}) over them and writes each named output through
 * write-audit-publish ({@link dev.lakeetl.jobs.curate.Curation}). Reading, writing, quality checks
 * and the run lifecycle are the shared ones of etl-core and the quality module; raw files are the
 * {@code refine} job's.
 */
package dev.lakeetl.jobs.curate;
