/**
 * Reading sources and writing tables through Hadoop's FileSystem: listing source files ({@link
 * dev.lakeetl.io.SourceFiles}), the reader contract ({@link dev.lakeetl.io.DatasetReader}) with the
 * source and target settings it shares with the format packages, the steps the text formats share
 * ({@link dev.lakeetl.io.TextReader}), read failures explained, and small atomic files ({@link
 * dev.lakeetl.io.AtomicFiles}). The readers of each format are in {@code csv}, {@code json} and
 * {@code parquet}, the choice among them in {@code formats}, and the compression codecs in {@code
 * compress}.
 */
package dev.lakeetl.io;
