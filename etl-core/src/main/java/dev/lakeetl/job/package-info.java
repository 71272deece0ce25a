/**
 * The lifecycle every batch job shares: configuration errors become exit code 2 before Spark
 * starts, then Spark start, run id, a {@link dev.lakeetl.job.RunTracker} for what the run did,
 * listeners called when outputs are published and when the run succeeded, the run report and its
 * summary line, and exit codes. A job implements {@link dev.lakeetl.job.BatchJob} with only its own
 * work; {@link dev.lakeetl.job.BatchJobRunner} runs it.
 */
package dev.lakeetl.job;
