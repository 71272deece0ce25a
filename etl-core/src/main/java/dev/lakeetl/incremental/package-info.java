/**
 * Which input a batch run processes: everything, one run date or range, or what the bookmark has
 * not seen yet. {@link dev.lakeetl.incremental.FileSelection} picks raw files and {@link
 * dev.lakeetl.incremental.PartitionSelection} picks refined partitions; {@link
 * dev.lakeetl.incremental.BookmarkStore} keeps the versioned bookmark a successful run commits. It
 * does not read the selected data: the readers in {@code io} and the jobs do.
 */
package dev.lakeetl.incremental;
