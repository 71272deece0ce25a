/**
 * The run report: what one batch run read, wrote, quarantined and checked, its timings and error.
 * {@link dev.lakeetl.report.RunReport} holds it, {@link dev.lakeetl.report.RunReportWriter} writes
 * it as versioned JSON next to the data, and {@link dev.lakeetl.report.RunCounts} checks that every
 * row read is accounted for. Filling it in as the run goes is {@code job}'s {@code RunTracker}. The
 * streaming job's report in {@code streaming.run} is the other kind of run report: both start with
 * a {@link dev.lakeetl.report.RunHeader} (run, job, status, times, error) and are written the same
 * way.
 */
package dev.lakeetl.report;
