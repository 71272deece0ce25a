/**
 * The publish step of write-audit-publish: {@link dev.lakeetl.quality.publish.StagingFolder} is one
 * run's staging folder for a table, and {@link dev.lakeetl.quality.publish.StagedPublisher} moves
 * its files into the table with FileSystem renames. {@link
 * dev.lakeetl.quality.publish.PublishJournal} records each publish before its first move, so the
 * next run finishes or undoes a publish that was killed halfway. Whether a run may publish is
 * decided by the checks in the quality package.
 */
package dev.lakeetl.quality.publish;
