/**
 * The JSON reader, {@link dev.lakeetl.io.json.JsonReader}, for newline-delimited records or whole
 * documents, and the JSON parsing of string columns ({@link dev.lakeetl.io.json.JsonColumns}) that
 * the streaming decoder reuses. Casting to declared types and quarantining are the jobs' work, not
 * this package's.
 */
package dev.lakeetl.io.json;
