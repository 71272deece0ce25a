/**
 * Writing and reading the JSON state documents the toolkit keeps for itself (bookmarks, run
 * reports, publish journals, table leases, the Kinesis source's checkpoint files): one writer and
 * one parser whose errors name the document and the field, so each format only spells out its
 * fields.
 */
package dev.lakeetl.state;
