/**
 * Reading the JSON state documents the toolkit writes for itself (bookmarks, run reports, publish
 * journals): one parser whose errors name the document and the field, so each format only spells
 * out its layout.
 */
package dev.lakeetl.state;
