/**
 * The reader of delimited text, {@link dev.lakeetl.io.csv.CsvReader}: one record per line, every
 * record kept, malformed ones with their field count from {@link
 * dev.lakeetl.io.csv.CsvFieldCounter}. Casting to declared types and quarantining are the jobs'
 * work, not this reader's.
 */
package dev.lakeetl.io.csv;
