/**
 * What the batch jobs of this module share around their own work: their typed configuration, loaded
 * and validated before Spark starts ({@link dev.lakeetl.jobs.batch.ConfiguredBatchJob}), the run
 * listeners (catalog registration, bookmark commit, table leases, Slack; {@link
 * dev.lakeetl.jobs.batch.BatchServices}), the claim on each output before a run selects its input
 * ({@link dev.lakeetl.jobs.batch.ClaimedOutput}: lease, recovery of an earlier publish, a clean
 * quarantine folder), the audited output in its staging folder ({@link
 * dev.lakeetl.jobs.batch.StagedOutput}), the last check before publishing, and the publish of an
 * output with its quarantine ({@link dev.lakeetl.jobs.batch.QuarantineFolder}). The lifecycle
 * around them (Spark, run id, report, exit codes) is etl-core's.
 */
package dev.lakeetl.jobs.batch;
