/**
 * Data-quality checks declared in job configuration and evaluated with Deequ, deciding what a run
 * may publish.
 *
 * <p>The rule model, severities and write-audit-publish flow arrive with the quality-gate issue;
 * today the module carries the Deequ dependency with the exclusions that keep it on Spark's own
 * Scala and Spark versions, and a test that proves Deequ runs on that classpath.
 */
package dev.lakeetl.quality;
