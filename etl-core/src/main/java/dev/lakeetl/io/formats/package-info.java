/**
 * Chooses the reader of a source format: {@link dev.lakeetl.io.formats.DatasetReaders} maps each
 * {@code SourceFormat} to its reader in {@code csv}, {@code json} or {@code parquet}. It sits above
 * {@code io} and the format packages so that they need not know each other; the reader contract is
 * {@code io}'s.
 */
package dev.lakeetl.io.formats;
